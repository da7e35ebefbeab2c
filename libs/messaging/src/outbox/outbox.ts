import { sql } from 'drizzle-orm';
import { afterCommit, PreparedStatement, type Transaction } from '@toevlucht/persistence';
import type { ContractRegistry } from '../contracts/contract-registry';
import { createEnvelope } from '../envelope/create-envelope';
import type { Envelope } from '../envelope/envelope';
import { exchangeFor } from '../topology/topology';

export const OUTBOX_CHANNEL = 'toevlucht_outbox';

// Every service's busiest insert: prepared once, and one text for any number of rows (one JSON
// array). The rows take their `seq` in the array's order.
const INSERT_OUTBOX_ROWS = new PreparedStatement(
  'outbox_insert_rows',
  sql`INSERT INTO outbox (id, exchange, routing_key, headers, payload, aggregate_key)
SELECT id, exchange, routing_key, headers, payload, aggregate_key
FROM ROWS FROM (jsonb_to_recordset(${PreparedStatement.param('rows')}::jsonb)
  AS (id uuid, exchange text, routing_key text, headers jsonb, payload jsonb, aggregate_key text))
  WITH ORDINALITY AS message(id, exchange, routing_key, headers, payload, aggregate_key, position)
ORDER BY position`,
);

export interface PublishOptions {
  /** Messages with the same key are published in the order they were written. */
  readonly aggregateKey?: string;
  /** Overrides the correlation id taken from the request or message being handled. */
  readonly correlationId?: string;
}

/** One message for `Outbox.publishMany`. */
export interface OutgoingMessage {
  readonly type: string;
  readonly data: unknown;
  readonly options?: PublishOptions;
}

/**
 * The transactional outbox. `publish(tx, type, data)` validates the payload against its schema
 * (an invalid payload is a bug and throws), fills the envelope from the work in progress
 * (correlation and causation), and writes it in the caller's transaction: the message exists
 * exactly when the state change that caused it commits. The relay publishes it afterwards.
 */
export class Outbox {
  private lastNotifyAt = 0;
  private onCommitted: () => void = () => undefined;

  constructor(
    private readonly service: string,
    private readonly contracts: ContractRegistry,
    /** At most one NOTIFY per this many ms from this process (see `publish`). */
    private readonly notifyIntervalMs = 100,
  ) {}

  /** What to nudge once a transaction with outbox rows commits: this process's relay. */
  whenCommitted(callback: () => void): void {
    this.onCommitted = callback;
  }

  async publish<T>(
    tx: Transaction,
    type: string,
    data: T,
    options: PublishOptions = {},
  ): Promise<Envelope<T>> {
    const [envelope] = await this.publishMany(tx, [{ type, data, options }]);
    return envelope as Envelope<T>;
  }

  /**
   * Several messages in one multi-row insert (one round trip instead of one each). Rows keep
   * the order given, so messages sharing an aggregate key go out in that order.
   */
  async publishMany(
    tx: Transaction,
    messages: readonly OutgoingMessage[],
  ): Promise<Envelope<unknown>[]> {
    if (messages.length === 0) return [];
    const envelopes: Envelope<unknown>[] = [];
    const rows = messages.map(({ type, data, options = {} }) => {
      const contract = this.contracts.requirePublishable(type, data);
      const envelope = createEnvelope(this.service, type, data, {
        schemaId: contract.schemaId,
        ...(options.correlationId === undefined ? {} : { correlationId: options.correlationId }),
      });
      envelopes.push(envelope);
      const { data: _data, ...attributes } = envelope;
      return {
        id: envelope.id,
        exchange: exchangeFor(contract.kind),
        routing_key: type,
        headers: attributes,
        payload: data,
        aggregate_key: options.aggregateKey ?? null,
      };
    });
    await INSERT_OUTBOX_ROWS.run(tx, { rows: JSON.stringify(rows) });
    // This process's relay is woken right after the commit. NOTIFY reaches every replica's
    // relay too, but each notifying commit takes a server-wide lock: measured, NOTIFY on every
    // commit cost 40% of commit throughput. So at most one per interval; under load the local
    // wake does the work, and other replicas poll anyway.
    const woken = afterCommit(tx, this.onCommitted);
    const now = Date.now();
    if (!woken || now - this.lastNotifyAt >= this.notifyIntervalMs) {
      this.lastNotifyAt = now;
      await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
    }
    return envelopes;
  }
}
