import { type HouseholdFlow, type HouseholdTimes } from './household-flow';
import { median, round2 } from './report';

/**
 * One flow measurement: `households` households through the flow with at most `concurrency`
 * in flight, households per second from the first POST to the last placement.
 */
export interface FlowFigures {
  readonly households: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly householdsPerSecond: number;
  readonly failed: number;
  /** Medians per household, ms from its POST: answered, both adults verified, placed. */
  readonly medianMs: HouseholdTimes;
  readonly p99PlacedMs: number;
}

export async function measureFlow(
  flow: HouseholdFlow,
  households: number,
  concurrency: number,
): Promise<FlowFigures> {
  const times: HouseholdTimes[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < households) {
        next += 1;
        try {
          times.push(await flow.household());
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const placed = times.map((t) => t.placedMs).sort((a, b) => a - b);
  return {
    households,
    concurrency,
    seconds: round2(seconds),
    householdsPerSecond: round2(times.length / seconds),
    failed,
    medianMs: {
      registeredMs: Math.round(median(times.map((t) => t.registeredMs))),
      verifiedMs: Math.round(median(times.map((t) => t.verifiedMs))),
      placedMs: Math.round(median(placed)),
    },
    p99PlacedMs: Math.round(placed[Math.ceil(placed.length * 0.99) - 1] ?? Number.NaN),
  };
}

/** Latency on every MAGDA operation the flow and its side lookups use. */
export async function setPartnerLatency(magdaAdminUrl: string, latencyMs: number): Promise<void> {
  for (const operation of ['GeefPersoon', 'RegistreerInschrijving', 'GeefHistoriekInschrijving']) {
    const response = await fetch(`${magdaAdminUrl}/admin/operations/${operation}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    });
    if (!response.ok) throw new Error(`MAGDA simulator admin answered ${response.status}`);
  }
}
