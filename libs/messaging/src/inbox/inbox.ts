import { sql } from 'drizzle-orm';
import type { Transaction, TransactionRunner } from '@toevlucht/persistence';
import { inbox } from '../persistence/tables';
import type { AmqpContext } from '../consumer/amqp-context';
import type { MessagingMetrics } from '../metrics/messaging-metrics';

/**
 * The idempotent consumer. `handleOnce(context, work)` runs `work` in one transaction together
 * with recording (consumer queue, message id) in the inbox; a message seen before (redelivered
 * after a crash, replayed from the parking lot, published twice by a relay) commits nothing and
 * resolves 'duplicate', so the transport acks it without a second effect.
 */
export class Inbox {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly metrics?: MessagingMetrics,
  ) {}

  async handleOnce(
    context: AmqpContext,
    work: (tx: Transaction) => Promise<void>,
  ): Promise<'handled' | 'duplicate'> {
    const { envelope, queue } = context;
    const outcome = await this.transactions.run(async (tx) => {
      const first = await tx
        .insert(inbox)
        .values({ consumer: queue, messageId: envelope.id, messageType: envelope.type })
        .onConflictDoNothing()
        .returning({ messageId: inbox.messageId });
      if (first.length === 0) return 'duplicate' as const;
      await work(tx);
      return 'handled' as const;
    });
    if (outcome === 'duplicate') this.metrics?.duplicates.inc({ queue, type: envelope.type });
    return outcome;
  }

  /**
   * Forgets messages handled longer ago than `olderThanMs`. Must exceed any redelivery or
   * replay window: a message replayed after its inbox row is gone has its effect again.
   */
  async prune(olderThanMs: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      await tx.execute(
        sql`DELETE FROM inbox WHERE handled_at < now() - make_interval(secs => ${olderThanMs / 1000})`,
      );
    });
  }
}
