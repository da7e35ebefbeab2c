import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { ParkingLot } from '@toevlucht/messaging';
import type { InjectedMessage } from './malformed-messages';
import type { PrivateBroker } from './private-broker';
import { censusOf, pending, type QueueCensus } from './queue-census';

/**
 * Reading the end state of a mesh instance straight from its broker and databases: the part of
 * "no message lost" no service API shows (outboxes, queue depths, parking lots).
 */

/** One query on one service database, the connection closed afterwards. */
export async function queryDatabase<T extends Record<string, unknown>>(
  databaseUrl: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Outbox rows not yet published (sent_at null). */
export async function unsentOutboxRows(databaseUrl: string): Promise<number> {
  const rows = await queryDatabase<{ unsent: string }>(
    databaseUrl,
    'SELECT count(*) AS unsent FROM outbox WHERE sent_at IS NULL',
  );
  return Number(rows[0]?.unsent ?? 0);
}

/**
 * Waits until every work queue and retry tier is empty (ready + unacked = 0) and every outbox
 * drained, polling; returns the last census and outbox counts whether or not it got there, so
 * the caller reports what is left rather than a timeout.
 */
export async function waitForQuiet(
  broker: PrivateBroker,
  vhost: string,
  databases: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<{ census: QueueCensus; unsent: Record<string, number>; quiet: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const census = censusOf(await broker.queues(vhost));
    const unsent: Record<string, number> = {};
    for (const [service, url] of Object.entries(databases))
      unsent[service] = await unsentOutboxRows(url);
    const quiet =
      pending(census.work) === 0 &&
      pending(census.retry) === 0 &&
      Object.values(unsent).every((count) => count === 0);
    if (quiet || Date.now() >= deadline) return { census, unsent, quiet };
    await sleep(1_000);
  }
}

/** A parked message as the audit reports it: its id and why it was parked, nothing personal. */
export interface ParkedEntry {
  readonly id: string;
  readonly type: string;
  readonly reason: string;
  readonly attempts: number | undefined;
  /** The transport's park detail or last error, already scrubbed of personal data. */
  readonly detail: string | undefined;
}

/** The messages in each parking lot (looked at and put back, not consumed). */
export async function parkedMessages(
  amqpUrl: string,
  workQueues: readonly string[],
): Promise<Record<string, ParkedEntry[]>> {
  const connection = await connect(amqpUrl);
  try {
    const parkingLot = new ParkingLot(connection);
    const parked: Record<string, ParkedEntry[]> = {};
    for (const queue of workQueues) {
      const messages = await parkingLot.list(queue, 100_000);
      parked[queue] = messages.map((message) => ({
        id: message.messageId ?? '(no id)',
        type: message.type ?? '(no type)',
        reason: message.reason ?? '(no reason)',
        attempts: message.attempts,
        detail: message.detail,
      }));
    }
    return parked;
  } finally {
    await connection.close();
  }
}

/**
 * Parked messages grouped by type and reason, one line per group with a count and the first
 * detail: what a failed run needs to say why a real message ended in a parking lot.
 */
export function describeParked(entries: readonly ParkedEntry[]): string[] {
  const groups = new Map<string, { count: number; sample: ParkedEntry }>();
  for (const entry of entries) {
    const key = `${entry.type} (${entry.reason})`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { count: 1, sample: entry });
    else group.count += 1;
  }
  return [...groups.entries()].map(([key, { count, sample }]) => {
    const attempts = sample.attempts === undefined ? '' : `, attempt ${sample.attempts}`;
    const detail = sample.detail === undefined ? '' : `: ${sample.detail.slice(0, 300)}`;
    return `${count} × ${key}${attempts}${detail}`;
  });
}

export interface ParkingLotComparison {
  readonly queue: string;
  readonly injected: number;
  /** Injected and parked. */
  readonly matched: number;
  /** Injected but not in the parking lot: lost, or handled as if valid. */
  readonly missing: readonly string[];
  /** In the parking lot but not injected: a real message of the mission was parked. */
  readonly unexpected: readonly string[];
  /** Ids parked more than once. */
  readonly duplicated: readonly string[];
}

/** Per work queue: do the parking lots hold exactly the injected messages, once each? */
export function compareParkingLots(
  injected: readonly InjectedMessage[],
  parked: Readonly<Record<string, readonly string[]>>,
): ParkingLotComparison[] {
  const queues = [
    ...new Set([...injected.map((message) => message.queue), ...Object.keys(parked)]),
  ];
  return queues.sort().map((queue) => {
    const expected = new Set(
      injected.filter((message) => message.queue === queue).map((m) => m.id),
    );
    const found = parked[queue] ?? [];
    const seen = new Set<string>();
    const duplicated = new Set<string>();
    for (const id of found) {
      if (seen.has(id)) duplicated.add(id);
      seen.add(id);
    }
    return {
      queue,
      injected: expected.size,
      matched: [...expected].filter((id) => seen.has(id)).length,
      missing: [...expected].filter((id) => !seen.has(id)),
      unexpected: [...seen].filter((id) => !expected.has(id)),
      duplicated: [...duplicated],
    };
  });
}
