import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A user of the mesh while its services are being killed and restarted: a request that could
 * not reach a service (connection refused: nothing was sent, so any method may be sent again)
 * is tried again until the service is back; a read that lost its connection, or met a 502/503
 * from a service still starting, likewise. A write whose connection broke after it was sent is
 * sent again only when it carries an Idempotency-Key (the service then answers the first
 * attempt's result); otherwise the failure stands, as it would for a person, and the household
 * is reported failed by the mission.
 */

export interface PatienceCounters {
  retried: number;
}

const NOT_SENT = new Set(['ECONNREFUSED']);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function idempotent(method: string, headers: RequestInit['headers']): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return new Headers(headers).has('idempotency-key');
}

/** Wraps a fetch so requests to `origins` are patient for up to `patienceMs` each. */
export function patientFetch(
  inner: typeof fetch,
  origins: readonly string[],
  patienceMs: number,
  counters: PatienceCounters,
): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!origins.some((origin) => url.startsWith(origin))) return inner(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    const deadline = Date.now() + patienceMs;
    for (;;) {
      try {
        const response = await inner(input, init);
        const unavailable = response.status === 502 || response.status === 503;
        if (!unavailable || !idempotent(method, init?.headers) || Date.now() >= deadline) {
          return response;
        }
        await response.body?.cancel();
      } catch (error) {
        const retriable = NOT_SENT.has(causeCode(error) ?? '') || idempotent(method, init?.headers);
        // A request's own timeout is the caller's decision, not a fault to hide.
        const aborted =
          (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
        if (!retriable || aborted || Date.now() >= deadline) throw error;
      }
      counters.retried += 1;
      await sleep(250);
    }
  };
}
