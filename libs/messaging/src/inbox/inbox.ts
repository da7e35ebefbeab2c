import { and, eq, sql } from 'drizzle-orm';
import { escapeLiteral } from 'pg';
import {
  atCommit,
  PreparedStatement,
  type Transaction,
  type TransactionRunner,
} from '@toevlucht/persistence';
import { inbox } from '../persistence/tables';
import type { AmqpContext } from '../consumer/amqp-context';
import type { MessagingMetrics } from '../metrics/messaging-metrics';

// Once per message in every consumer that uses the inbox: built once, parsed once per connection.
const CLAIM_INBOX_ROW = new PreparedStatement<{ message_id: string }>(
  'inbox_claim_row',
  sql`INSERT INTO inbox (consumer, message_id, message_type)
VALUES (${PreparedStatement.param('consumer')}, ${PreparedStatement.param('messageId')}, ${PreparedStatement.param('messageType')})
ON CONFLICT DO NOTHING
RETURNING message_id`,
);

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
      const first = await CLAIM_INBOX_ROW.run(tx, {
        consumer: queue,
        messageId: envelope.id,
        messageType: envelope.type,
      });
      if (first.length === 0) return 'duplicate' as const;
      await work(tx);
      return 'handled' as const;
    });
    if (outcome === 'duplicate') this.metrics?.duplicates.inc({ queue, type: envelope.type });
    return outcome;
  }

  /**
   * As `handleOnce`, for work whose every effect is a write in `tx` (outbox messages included;
   * no call out, nothing kept in memory): the inbox row is written with the COMMIT (`atCommit`),
   * not before the work, which saves a round trip when the work queues a final statement of its
   * own (an audit append) and costs none otherwise. A message seen before therefore runs its
   * work, and the COMMIT fails on the inbox's key and rolls all of it back; when the work or the
   * commit fails, the inbox says whether the message was handled before, and if so it resolves
   * 'duplicate' as `handleOnce` would have without running it.
   */
  async handleOnceAtCommit(
    context: AmqpContext,
    work: (tx: Transaction) => Promise<void>,
  ): Promise<'handled' | 'duplicate'> {
    const { envelope, queue } = context;
    try {
      await this.transactions.run(async (tx) => {
        // Queued first, so a duplicate fails before any later final statement (the audit's lock).
        const claim = `INSERT INTO inbox (consumer, message_id, message_type) VALUES (${escapeLiteral(queue)}, ${escapeLiteral(envelope.id)}, ${escapeLiteral(envelope.type)})`;
        if (!atCommit(tx, claim)) throw new Error('handleOnceAtCommit needs a TransactionRunner');
        await work(tx);
      });
    } catch (error) {
      // If the database cannot say (it is what failed), the original error is the one to retry on.
      const seen = await this.handledBefore(queue, envelope.id).catch(() => false);
      if (!seen) throw error;
      this.metrics?.duplicates.inc({ queue, type: envelope.type });
      return 'duplicate';
    }
    return 'handled';
  }

  private handledBefore(queue: string, messageId: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const rows = await tx
        .select({ messageId: inbox.messageId })
        .from(inbox)
        .where(and(eq(inbox.consumer, queue), eq(inbox.messageId, messageId)));
      return rows.length > 0;
    });
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
