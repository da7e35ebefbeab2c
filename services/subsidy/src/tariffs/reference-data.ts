import { Inject, Injectable } from '@nestjs/common';
import { problems } from '@toevlucht/runtime';
import { TransactionRunner } from '@toevlucht/persistence';
import { normaliseBeneficiary, type Beneficiary } from '../domain/beneficiary';
import { ReferenceRepository, type TariffRecord } from '../persistence/reference.repository';

/** Tariffs (append-only history) and municipalities' accounts, kept by a beheerder. */
@Injectable()
export class ReferenceData {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ReferenceRepository) private readonly reference: ReferenceRepository,
  ) {}

  tariffs(placeType?: string): Promise<TariffRecord[]> {
    return this.transactions.run((tx) => this.reference.tariffs(tx, placeType));
  }

  addTariff(
    actor: string,
    tariff: { placeType: string; validFrom: string; dailyCents: number; note?: string },
  ): Promise<TariffRecord> {
    return this.transactions.run((tx) => this.reference.addTariff(tx, tariff, actor));
  }

  async beneficiary(nisCode: string): Promise<Beneficiary> {
    const found = await this.transactions.run((tx) => this.reference.beneficiary(tx, nisCode));
    if (found === undefined) throw problems.notFound(`an account for municipality ${nisCode}`);
    return found;
  }

  async setBeneficiary(
    actor: string,
    nisCode: string,
    input: { name: string; iban: string; bic?: string },
  ): Promise<Beneficiary> {
    const checked = normaliseBeneficiary(input);
    if (!checked.ok) {
      // The problem names the field and the rule, never the value (an account number).
      throw problems.validation(
        checked.problems.map((code) => ({
          field: `/${code.split('.')[0]!.toLowerCase()}`,
          code,
          message:
            code === 'IBAN.INVALID'
              ? 'not a valid IBAN (country format or check digits)'
              : code === 'IBAN.NOT_SEPA'
                ? 'the IBAN is not of a SEPA country'
                : code === 'BIC.INVALID'
                  ? 'not a valid BIC'
                  : 'a name of 1 to 70 characters',
        })),
      );
    }
    await this.transactions.run((tx) =>
      this.reference.setBeneficiary(tx, nisCode, checked.beneficiary, actor),
    );
    return checked.beneficiary;
  }
}
