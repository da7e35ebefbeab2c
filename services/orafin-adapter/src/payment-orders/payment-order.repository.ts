import { and, asc, count, eq, inArray, min, sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import { paymentOrders } from '../persistence/schema';
import type { PaymentOrder } from './domain/payment-order';
import type { OrderStatus } from './domain/order-status';

export interface LedgerEntry extends PaymentOrder {
  readonly status: OrderStatus;
  readonly batchSequence: number | null;
}

/** The payment-order ledger; the only code that reads or writes payment_orders. */
export class PaymentOrderRepository {
  async findByReference(tx: Transaction, reference: string): Promise<LedgerEntry | undefined> {
    const rows = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.reference, reference));
    return rows[0] === undefined ? undefined : toEntry(rows[0]);
  }

  async findByKey(tx: Transaction, idempotencyKey: string): Promise<LedgerEntry | undefined> {
    const rows = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.idempotencyKey, idempotencyKey));
    return rows[0] === undefined ? undefined : toEntry(rows[0]);
  }

  /** False when a concurrent transaction recorded the same reference or key first. */
  async insert(tx: Transaction, order: PaymentOrder): Promise<boolean> {
    const inserted = await tx
      .insert(paymentOrders)
      .values({ ...order, bic: order.bic ?? null, status: 'pending' })
      .onConflictDoNothing()
      .returning({ reference: paymentOrders.reference });
    return inserted.length === 1;
  }

  async pendingSummary(tx: Transaction): Promise<{ count: number; oldest: Date | undefined }> {
    const [row] = await tx
      .select({ count: count(), oldest: min(paymentOrders.createdAt) })
      .from(paymentOrders)
      .where(eq(paymentOrders.status, 'pending'));
    return { count: row?.count ?? 0, oldest: row?.oldest ?? undefined };
  }

  /** The oldest pending orders, locked until the caller's transaction ends. */
  async takePending(tx: Transaction, limit: number): Promise<LedgerEntry[]> {
    const rows = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.status, 'pending'))
      .orderBy(asc(paymentOrders.createdAt), asc(paymentOrders.reference))
      .limit(limit)
      .for('update');
    return rows.map(toEntry);
  }

  async markBatched(tx: Transaction, references: string[], sequence: number): Promise<void> {
    await tx
      .update(paymentOrders)
      .set({ status: 'batched', batchSequence: sequence, updatedAt: sql`now()` })
      .where(
        and(inArray(paymentOrders.reference, references), eq(paymentOrders.status, 'pending')),
      );
  }

  async markSent(tx: Transaction, sequence: number): Promise<void> {
    await tx
      .update(paymentOrders)
      .set({ status: 'sent', updatedAt: sql`now()` })
      .where(and(eq(paymentOrders.batchSequence, sequence), eq(paymentOrders.status, 'batched')));
  }

  async ofBatch(tx: Transaction, sequence: number): Promise<LedgerEntry[]> {
    const rows = await tx
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.batchSequence, sequence))
      .for('update');
    return rows.map(toEntry);
  }

  async setOutcome(
    tx: Transaction,
    reference: string,
    outcome: {
      status: OrderStatus;
      reasonCode?: string;
      reason?: string;
      executionDate?: string;
    },
  ): Promise<void> {
    await tx
      .update(paymentOrders)
      .set({
        status: outcome.status,
        reasonCode: outcome.reasonCode ?? null,
        reason: outcome.reason ?? null,
        executionDate: outcome.executionDate ?? null,
        updatedAt: sql`now()`,
      })
      .where(eq(paymentOrders.reference, reference));
  }

  async countByStatus(tx: Transaction): Promise<Record<string, number>> {
    const rows = await tx
      .select({ status: paymentOrders.status, count: count() })
      .from(paymentOrders)
      .groupBy(paymentOrders.status);
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }
}

function toEntry(row: typeof paymentOrders.$inferSelect): LedgerEntry {
  return {
    reference: row.reference,
    submittedReference: row.submittedReference,
    idempotencyKey: row.idempotencyKey,
    requester: row.requester,
    beneficiaryName: row.beneficiaryName,
    iban: row.iban,
    bic: row.bic ?? undefined,
    amountCents: row.amountCents,
    currency: 'EUR',
    communication: row.communication,
    status: row.status as OrderStatus,
    batchSequence: row.batchSequence,
  };
}
