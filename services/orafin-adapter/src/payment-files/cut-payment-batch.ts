import { sql } from 'drizzle-orm';
import type { TransactionRunner } from '@toevlucht/persistence';
import type { PaymentOrderRepository } from '../payment-orders/payment-order.repository';
import { type BatchPolicy, ordersToBatch } from './domain/batch-policy';
import type { PaymentFileFormat } from './domain/payment-file-format';
import type { PaymentBatchRepository } from './payment-batch.repository';

/** One key for the transaction-level lock that lets one replica at a time cut a batch. */
const CUT_LOCK = 640_001;

/**
 * Cuts pending orders into a new InFile: the file's exact content is stored with its sequence
 * number and the orders are marked batched in one transaction, before any upload. From then
 * on the file is only ever re-sent byte for byte, never rebuilt.
 */
export class CutPaymentBatch {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: PaymentOrderRepository,
    private readonly batches: PaymentBatchRepository,
    private readonly format: PaymentFileFormat,
    private readonly policy: BatchPolicy,
  ) {}

  /** Cuts as many files as the policy allows now; returns their sequence numbers. */
  async run(now: Date): Promise<number[]> {
    const cut: number[] = [];
    for (;;) {
      const sequence = await this.cutOne(now);
      if (sequence === null) return cut;
      cut.push(sequence);
    }
  }

  private cutOne(now: Date): Promise<number | null> {
    return this.transactions.run(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CUT_LOCK})`);
      const pending = await this.orders.pendingSummary(tx);
      const take = ordersToBatch(this.policy, pending.count, pending.oldest, now);
      if (take === 0) return null;
      const orders = await this.orders.takePending(tx, take);
      const sequence = await this.batches.nextSequence(tx);
      const content = this.format.writeInFile({ sequence, createdAt: now, orders });
      await this.batches.insert(tx, {
        sequence,
        fileName: this.format.inFileName(sequence),
        content,
        recordCount: orders.length,
        totalCents: orders.reduce((sum, order) => sum + order.amountCents, 0),
      });
      await this.orders.markBatched(
        tx,
        orders.map((order) => order.reference),
        sequence,
      );
      return sequence;
    });
  }
}
