import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceDescriptor } from '@toevlucht/config';
import { baseUrl, describeError } from './report';

export interface ReadinessOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Ends the wait early (the mesh is stopping); the services still pending are returned. */
  readonly cancelled: () => boolean;
  /** Where a service answers; by default its development port on 127.0.0.1. */
  readonly baseUrlOf?: (service: ServiceDescriptor) => string;
}

export interface Probe {
  readonly ready: boolean;
  /** The last answer (status and body) or why there was none, for the not-ready report. */
  readonly detail: string;
}

/**
 * Polls every service's /health/ready until all answer 200 or the time is up. Returns the
 * services that are not ready, with their last answer; an empty map means all are ready.
 */
export async function waitUntilReady<Service extends ServiceDescriptor>(
  services: readonly Service[],
  options: ReadinessOptions,
): Promise<Map<Service, string>> {
  const pending = new Map(services.map((service) => [service, 'not polled yet']));
  const deadline = Date.now() + options.timeoutMs;
  while (pending.size > 0 && !options.cancelled()) {
    const probes = await Promise.all(
      [...pending.keys()].map(
        async (s) => [s, await probeReady(options.baseUrlOf?.(s) ?? baseUrl(s))] as const,
      ),
    );
    for (const [service, result] of probes) {
      if (result.ready) pending.delete(service);
      else pending.set(service, result.detail);
    }
    if (pending.size === 0 || Date.now() >= deadline) break;
    await sleep(options.intervalMs);
  }
  return pending;
}

/** One look at a service's /health/ready: ready or not, and its answer or why there was none. */
export async function probeReady(base: string): Promise<Probe> {
  try {
    const response = await fetch(`${base}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = await response.text();
    return { ready: response.status === 200, detail: `${response.status} ${body}` };
  } catch (error) {
    // fetch wraps the interesting part (ECONNREFUSED, a timeout) in its cause.
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    return { ready: false, detail: `no answer (${describeError(cause)})` };
  }
}
