import { Injectable } from '@nestjs/common';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type { Beneficiary } from '../domain/beneficiary';
import { claimVersions, payments } from './tables';

type PaymentRow = typeof payments.$inferSelect;
export type PaymentStatus = 'aangevraagd' | 'geaccepteerd' | 'betaald' | 'geweigerd';

/** The payment saga's rows: one per claim version, found again by the version id. */
@Injectable()
export class PaymentRepository {
  /** Records the payment order; false when this version already has one (nothing written). */
  async create(
    tx: Transaction,
    claimVersionId: string,
    paymentReference: string,
    beneficiary: Beneficiary,
    amountCents: number,
  ): Promise<boolean> {
    const rows = await tx
      .insert(payments)
      .values({
        claimVersionId,
        paymentReference,
        status: 'aangevraagd',
        beneficiaryName: beneficiary.name,
        iban: beneficiary.iban,
        bic: beneficiary.bic ?? null,
        amountCents,
      })
      .onConflictDoNothing()
      .returning({ id: payments.claimVersionId });
    return rows.length > 0;
  }

  async lock(tx: Transaction, claimVersionId: string): Promise<PaymentRow | undefined> {
    const [row] = await tx
      .select()
      .from(payments)
      .where(eq(payments.claimVersionId, claimVersionId))
      .for('update');
    return row;
  }

  /** Moves the payment on only from one of `from`: a repeated answer updates nothing. */
  async update(
    tx: Transaction,
    claimVersionId: string,
    from: readonly PaymentStatus[],
    changes: Partial<Omit<PaymentRow, 'claimVersionId' | 'paymentReference'>> & {
      status: PaymentStatus;
    },
  ): Promise<boolean> {
    const rows = await tx
      .update(payments)
      .set(changes)
      .where(and(eq(payments.claimVersionId, claimVersionId), inArray(payments.status, [...from])))
      .returning({ id: payments.claimVersionId });
    return rows.length > 0;
  }

  /**
   * Whether another version of the claim has a payment that is open or paid: the last guard of
   * "a claim is paid at most once" (the workflow only corrects a version whose payment was
   * refused, but Orafin could still report a refused order as paid).
   */
  async otherVersionPayable(tx: Transaction, claimId: string, versionId: string): Promise<boolean> {
    const rows = await tx
      .select({ id: payments.claimVersionId })
      .from(payments)
      .innerJoin(claimVersions, eq(claimVersions.id, payments.claimVersionId))
      .where(
        and(
          eq(claimVersions.claimId, claimId),
          ne(payments.claimVersionId, versionId),
          inArray(payments.status, ['aangevraagd', 'geaccepteerd', 'betaald']),
        ),
      )
      .limit(1);
    return rows.length > 0;
  }
}
