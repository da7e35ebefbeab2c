import autocannon from 'autocannon';
import { findProjectRoot } from '@toevlucht/runtime';
import { freePort, ServiceProcess, waitFor } from '@toevlucht/testing';
import { BASELINE_CLIENTS } from './baseline-postgres';
import { baselineDocument } from './baseline-document';

export interface HttpBaseline {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/**
 * A bare NestJS endpoint (bench/bare-gateway.ts, its own process) doing the same insert as the
 * PostgreSQL baseline per request, loaded open loop by autocannon with 10 connections: the
 * upper bound of an HTTP write endpoint on this machine, without validation, encryption,
 * audit or authentication.
 */
export async function httpBaseline(databaseUrl: string, durationS: number): Promise<HttpBaseline> {
  const port = await freePort();
  const bare = new ServiceProcess({
    root: findProjectRoot(),
    entry: 'dist/bench/bare-gateway.js',
    env: { PORT: String(port), DATABASE_URL: databaseUrl },
  });
  try {
    await waitFor(
      'the bare endpoint',
      () => Promise.resolve(bare.stdout.includes('ready') ? true : undefined),
      30_000,
    );
    const url = `http://127.0.0.1:${port}/dossiers`;
    const body = JSON.stringify(baselineDocument(0));
    const options = {
      url,
      method: 'POST' as const,
      connections: BASELINE_CLIENTS,
      headers: { 'content-type': 'application/json' },
      body,
    };
    await autocannon({ ...options, duration: 1 }); // warm-up: JIT, the pool
    const result = await autocannon({ ...options, duration: durationS });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    await bare.stop();
  }
}
