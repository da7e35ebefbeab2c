import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type { Beneficiary } from '../domain/beneficiary';
import type { Tariff } from '../domain/tariffs';
import { beneficiaries, tariffs } from './tables';

export interface TariffRecord extends Tariff {
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly note?: string;
}

/** Tariffs (append-only) and the municipalities' accounts. */
@Injectable()
export class ReferenceRepository {
  async tariffs(tx: Transaction, placeType?: string): Promise<TariffRecord[]> {
    const rows = await tx
      .select()
      .from(tariffs)
      .where(placeType === undefined ? undefined : eq(tariffs.placeType, placeType))
      .orderBy(asc(tariffs.placeType), asc(tariffs.validFrom), asc(tariffs.sequence));
    return rows.map((row) => ({
      id: row.id,
      placeType: row.placeType,
      validFrom: row.validFrom,
      dailyCents: row.dailyCents,
      sequence: row.sequence,
      recordedAt: row.recordedAt.toISOString(),
      recordedBy: row.recordedBy,
      ...(row.note === null ? {} : { note: row.note }),
    }));
  }

  async addTariff(
    tx: Transaction,
    tariff: { placeType: string; validFrom: string; dailyCents: number; note?: string },
    recordedBy: string,
  ): Promise<TariffRecord> {
    const [row] = await tx
      .insert(tariffs)
      .values({ id: randomUUID(), ...tariff, note: tariff.note ?? null, recordedBy })
      .returning();
    return (await this.tariffs(tx, tariff.placeType)).find((t) => t.id === row!.id)!;
  }

  async beneficiary(tx: Transaction, nisCode: string): Promise<Beneficiary | undefined> {
    const [row] = await tx.select().from(beneficiaries).where(eq(beneficiaries.nisCode, nisCode));
    if (row === undefined) return undefined;
    return { name: row.name, iban: row.iban, ...(row.bic === null ? {} : { bic: row.bic }) };
  }

  async setBeneficiary(
    tx: Transaction,
    nisCode: string,
    beneficiary: Beneficiary,
    updatedBy: string,
  ): Promise<void> {
    const values = {
      name: beneficiary.name,
      iban: beneficiary.iban,
      bic: beneficiary.bic ?? null,
      updatedBy,
      updatedAt: new Date(),
    };
    await tx
      .insert(beneficiaries)
      .values({ nisCode, ...values })
      .onConflictDoUpdate({ target: beneficiaries.nisCode, set: values });
  }
}
