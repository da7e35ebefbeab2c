import { type HouseholdFlow, type HouseholdTimes } from './household-flow';
import { median, round2 } from './report';

/**
 * One flow measurement: households started for `durationS` seconds with `concurrency` in
 * flight (closed loop), then the last ones finished; households per second from the first
 * POST to the last placement. Bounded by time, not count, so that a slow case (partner at
 * 200 ms) does not blow the whole run's 15-minute budget.
 */
export interface FlowFigures {
  readonly durationS: number;
  readonly households: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly householdsPerSecond: number;
  readonly failed: number;
  readonly firstError?: string;
  /** Medians per household, ms from its POST: answered, both adults verified, placed. */
  readonly medianMs: HouseholdTimes;
  readonly p99PlacedMs: number;
}

export async function measureFlow(
  flow: HouseholdFlow,
  durationS: number,
  concurrency: number,
): Promise<FlowFigures> {
  const times: HouseholdTimes[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let households = 0;
  const started = performance.now();
  const stopAt = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        households += 1;
        try {
          times.push(await flow.household());
        } catch (error) {
          failed += 1;
          firstError ??= (error as Error).message; // statuses only, never personal data
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const placed = times.map((t) => t.placedMs).sort((a, b) => a - b);
  return {
    durationS,
    households,
    concurrency,
    seconds: round2(seconds),
    householdsPerSecond: round2(times.length / seconds),
    failed,
    ...(firstError === undefined ? {} : { firstError }),
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
