import { Client, type Pool, type PoolClient } from 'pg';
import type { Logger } from 'pino';
import { encodeData, toPublishOptions } from '../envelope/amqp-envelope';
import type { Envelope } from '../envelope/envelope';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { ConfirmPublisher } from '../publisher/confirm-publisher';
import { BrokerUnavailableError } from '../publisher/publish-errors';
import { OUTBOX_CHANNEL } from './outbox';

export interface OutboxRelaySettings {
  readonly databaseUrl: string;
  readonly batchSize: number;
  /** Fallback when a NOTIFY is missed (LISTEN connection down, another replica took it). */
  readonly pollIntervalMs: number;
  /** Sent rows are deleted after this long. */
  readonly retentionMs: number;
  /** A row whose publish failed waits at least this long (doubling, up to a minute). */
  readonly failureBackoffMs: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  exchange: string;
  routing_key: string;
  headers: Omit<Envelope, 'data'>;
  payload: unknown;
  aggregate_key: string | null;
  attempts: number;
}

/**
 * Publishes committed outbox rows with confirms and marks them sent. Several replicas may run
 * it: each batch is taken with FOR UPDATE SKIP LOCKED, and rows whose aggregate key has an
 * earlier unsent row locked by another replica are left for later, so per-key order holds.
 * Wakes on NOTIFY, polls as a fallback, prunes sent rows after the retention period.
 * Publish failures leave the row unsent with its error and a growing back-off (up to a minute):
 * the relay never loses a row and never spins on one that cannot be routed. While the broker
 * is unreachable rows are simply left alone; the relay runs again when it reconnects.
 */
export class OutboxRelay {
  private listener: Client | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pool: Pool,
    private readonly publisher: ConfirmPublisher,
    private readonly settings: OutboxRelaySettings,
    private readonly logger: Logger,
    private readonly metrics: MessagingMetrics,
  ) {}

  start(): void {
    this.stopped = false;
    void this.listen();
    this.pollTimer = setInterval(() => void this.wake(), this.settings.pollIntervalMs);
    // Backlog figures on their own clock: counting after every (often tiny) batch cost a
    // query per commit under load.
    this.metricsTimer = setInterval(() => void this.updateBacklogMetrics(), 5_000);
    this.metricsTimer.unref();
    this.pruneTimer = setInterval(
      () => void this.prune(),
      Math.min(this.settings.retentionMs, 60_000),
    );
    this.pollTimer.unref();
    this.pruneTimer.unref();
    void this.wake();
  }

  /** Stops waking and waits for the batch in progress (its confirms) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.pruneTimer);
    clearInterval(this.metricsTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running;
  }

  /** Runs the relay now (or right after the current run). Resolves when the outbox is drained. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const { taken, published } = await this.relayBatch();
        if (taken < this.settings.batchSize || published === 0 || this.stopped) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay run failed; will try again');
    }
  }

  private async relayBatch(): Promise<{ taken: number; published: number }> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const rows = await this.takeBatch(client);
      if (rows.length === 0) {
        await client.query('COMMIT');
        return { taken: 0, published: 0 };
      }
      const results = await this.publishInKeyOrder(rows);
      const sent: string[] = [];
      const failed: { seq: string; error: string }[] = [];
      results.forEach((result, index) => {
        const row = rows[index];
        if (row === undefined || result === 'held') return;
        if (result.status === 'fulfilled') sent.push(row.seq);
        // Not the row's fault: it keeps its place and goes out as soon as the broker is back
        // (the relay is woken on reconnect), without a back-off it did not earn.
        else if (!(result.reason instanceof BrokerUnavailableError))
          failed.push({ seq: row.seq, error: describe(result.reason) });
      });
      const unavailable = rows.length - sent.length - failed.length;
      if (sent.length > 0) {
        await client.query('UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])', [
          sent,
        ]);
      }
      for (const failure of failed) {
        await client.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + make_interval(secs => LEAST(60, $3::numeric * power(2, LEAST(attempts, 10))) )
           WHERE seq = $1`,
          [failure.seq, failure.error, this.settings.failureBackoffMs / 1000],
        );
      }
      await client.query('COMMIT');
      this.metrics.outboxPublished.inc(sent.length);
      if (failed.length > 0) {
        this.metrics.outboxFailed.inc(failed.length);
        this.logger.warn(
          { failed: failed.length, firstError: failed[0]?.error },
          'outbox messages not published; kept for a later attempt',
        );
      }
      if (unavailable > 0)
        this.logger.debug({ waiting: unavailable }, 'broker unreachable; outbox messages wait');
      return { taken: rows.length, published: sent.length };
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async takeBatch(client: PoolClient): Promise<OutboxRow[]> {
    const taken = await client.query<OutboxRow>(
      // Rows waiting behind an earlier row of their key that backs off are left out here, not
      // after the LIMIT: otherwise a long queue behind one failing key fills every batch and
      // nothing after it is ever taken.
      `SELECT seq, id, exchange, routing_key, headers, payload, aggregate_key, attempts
         FROM outbox o
        WHERE sent_at IS NULL AND next_attempt_at <= now()
          AND (aggregate_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM outbox e
                 WHERE e.aggregate_key = o.aggregate_key AND e.sent_at IS NULL
                   AND e.seq < o.seq AND e.next_attempt_at > now()))
        ORDER BY seq
        LIMIT $1
        FOR UPDATE OF o SKIP LOCKED`,
      [this.settings.batchSize],
    );
    const keys = [
      ...new Set(
        taken.rows.flatMap((row) => (row.aggregate_key === null ? [] : [row.aggregate_key])),
      ),
    ];
    if (keys.length === 0) return taken.rows;
    // Keys with an earlier unsent row that this batch does not hold (another replica has it,
    // or it is backing off): publishing ours now would overtake it.
    const blocked = await client.query<{ aggregate_key: string }>(
      `SELECT DISTINCT o.aggregate_key
         FROM outbox o
        WHERE o.sent_at IS NULL
          AND o.aggregate_key = ANY($1::text[])
          AND NOT (o.seq = ANY($2::bigint[]))
          AND o.seq < (SELECT max(b.seq) FROM unnest($2::bigint[]) AS b(seq))`,
      [keys, taken.rows.map((row) => row.seq)],
    );
    const blockedKeys = new Set(blocked.rows.map((row) => row.aggregate_key));
    // Within the batch, a key whose earlier row failed before must not be overtaken either.
    return taken.rows.filter(
      (row) => row.aggregate_key === null || !blockedKeys.has(row.aggregate_key),
    );
  }

  /**
   * Rows without a key go out all at once; rows of one key one after the other, and after the
   * first that fails the rest of that key are held back ('held': no attempt, no back-off), so a
   * key's messages never overtake one another, also within a batch.
   */
  private async publishInKeyOrder(
    rows: readonly OutboxRow[],
  ): Promise<(PromiseSettledResult<void> | 'held')[]> {
    const results: (PromiseSettledResult<void> | 'held')[] = rows.map(() => 'held');
    const byKey = new Map<string, number[]>();
    const unkeyed: number[] = [];
    rows.forEach((row, index) => {
      if (row.aggregate_key === null) unkeyed.push(index);
      else byKey.set(row.aggregate_key, [...(byKey.get(row.aggregate_key) ?? []), index]);
    });
    const settle = async (index: number): Promise<boolean> => {
      const row = rows[index];
      if (row === undefined) return false;
      try {
        await this.publishRow(row);
        results[index] = { status: 'fulfilled', value: undefined };
        return true;
      } catch (error) {
        results[index] = { status: 'rejected', reason: error };
        return false;
      }
    };
    await Promise.all([
      ...unkeyed.map((index) => settle(index)),
      ...[...byKey.values()].map(async (indexes) => {
        for (const index of indexes) if (!(await settle(index))) return;
      }),
    ]);
    return results;
  }

  private publishRow(row: OutboxRow): Promise<void> {
    const envelope: Envelope = { ...row.headers, data: row.payload };
    return this.publisher.publish(
      row.exchange,
      row.routing_key,
      encodeData(row.payload),
      toPublishOptions(envelope),
    );
  }

  private async updateBacklogMetrics(): Promise<void> {
    try {
      await this.readBacklog();
    } catch (error) {
      this.logger.debug({ err: error }, 'could not read the outbox backlog');
    }
  }

  private async readBacklog(): Promise<void> {
    const result = await this.pool.query<{ backlog: string; oldest: string | null }>(
      `SELECT count(*) AS backlog, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest
         FROM outbox WHERE sent_at IS NULL`,
    );
    const row = result.rows[0];
    this.metrics.outboxBacklog.set(Number(row?.backlog ?? 0));
    this.metrics.outboxOldestUnsentSeconds.set(Number(row?.oldest ?? 0));
  }

  private async prune(): Promise<void> {
    try {
      await this.pool.query(
        `DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(secs => $1::numeric)`,
        [this.settings.retentionMs / 1000],
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox pruning failed; will try again');
    }
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.settings.databaseUrl });
      try {
        await client.connect();
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        client.on('notification', () => void this.wake());
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        this.listener = client;
        // Anything committed while we were not listening.
        void this.wake();
        await closed;
      } catch (error) {
        this.logger.debug({ err: error }, 'outbox LISTEN connection failed; polling meanwhile');
      } finally {
        if (this.listener === client) this.listener = undefined;
        await client.end().catch(() => undefined);
      }
      if (!this.stopped)
        await new Promise((resolve) => setTimeout(resolve, this.settings.pollIntervalMs).unref());
    }
  }
}

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
}
