import { type AmqpBaseline, amqpBaseline } from './baseline-amqp';
import { BASELINE_DOCUMENT_BYTES } from './baseline-document';
import { type HttpBaseline, httpBaseline } from './baseline-http';
import { BASELINE_CLIENTS, postgresBaseline } from './baseline-postgres';
import { benchDatabase, benchVhost } from './isolation';
import { progress } from './report';

/**
 * The raw limits of this machine's parts, measured in every benchmark run (issue 10, part 1)
 * so each figure can be read against a baseline taken minutes before it on the same, shared,
 * machine: raw amqplib on a quorum queue, a raw pg transaction (1 KB JSONB row + outbox row,
 * 10 clients), and a bare NestJS endpoint doing that insert. About 20 s in all.
 */
export interface Baselines {
  readonly documentBytes: number;
  readonly amqp: AmqpBaseline & { readonly messages: number };
  readonly postgres: { readonly transactionsPerSecond: number; readonly transactions: number };
  readonly http: HttpBaseline & { readonly durationS: number };
  readonly clients: number;
}

const MESSAGES = Number(process.env['BENCH_BASELINE_MESSAGES'] ?? 5_000);
const TRANSACTIONS = Number(process.env['BENCH_BASELINE_TRANSACTIONS'] ?? 3_000);
const HTTP_DURATION_S = Number(process.env['BENCH_BASELINE_HTTP_S'] ?? 5);

export async function measureBaselines(): Promise<Baselines> {
  progress('baselines: raw amqplib, raw pg, bare NestJS endpoint…');
  const vhost = await benchVhost('baseline');
  const postgres = benchDatabase('baseline_pg');
  const http = benchDatabase('baseline_http');
  try {
    const amqp = await amqpBaseline(vhost.amqpUrl, MESSAGES);
    await postgres.create();
    const transactionsPerSecond = await postgresBaseline(postgres.url, TRANSACTIONS);
    await http.create();
    const endpoint = await httpBaseline(http.url, HTTP_DURATION_S);
    const baselines: Baselines = {
      documentBytes: BASELINE_DOCUMENT_BYTES,
      amqp: { ...amqp, messages: MESSAGES },
      postgres: { transactionsPerSecond, transactions: TRANSACTIONS },
      http: { ...endpoint, durationS: HTTP_DURATION_S },
      clients: BASELINE_CLIENTS,
    };
    baselineSummary(baselines).forEach(progress);
    return baselines;
  } finally {
    await postgres.drop();
    await http.drop();
    await vhost.remove();
  }
}

export function baselineSummary(baselines: Baselines): string[] {
  const { amqp, postgres, http } = baselines;
  return [
    `baseline amqplib (quorum, ${baselines.documentBytes} B): publish+confirm ${amqp.publishPerSecond}/s, consume (prefetch 100) ${amqp.consumePerSecond}/s`,
    `baseline pg (JSONB row + outbox row per transaction, ${baselines.clients} clients): ${postgres.transactionsPerSecond} transactions/s`,
    `baseline bare NestJS endpoint (same insert, ${baselines.clients} connections): ${http.requestsPerSecond}/s, p50 ${http.p50Ms} ms, p99 ${http.p99Ms} ms`,
  ];
}
