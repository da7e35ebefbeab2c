/** The simulator's switchable faults, set through POST /admin/faults (JSON). */
export interface DavinciFaults {
  /** Every answer is delayed this long. */
  latencyMs: number;
  /** Requests are never answered (the client's timeout must fire). */
  hang: boolean;
  /** Connections are reset (no HTTP answer) until this time (epoch ms). */
  outageUntil: number;
  /** Share (0–1) of requests answered 503. */
  errorRate: number;
  /** Every request answered 429 with this Retry-After (seconds); 0 = off. */
  tooManyRetryAfterSeconds: number;
  /** Answers are not JSON at all. */
  malformed: boolean;
  /** Answers are JSON of the wrong shape. */
  schemaInvalid: boolean;
}

export const NO_DAVINCI_FAULTS: DavinciFaults = {
  latencyMs: 0,
  hang: false,
  outageUntil: 0,
  errorRate: 0,
  tooManyRetryAfterSeconds: 0,
  malformed: false,
  schemaInvalid: false,
};

export function updateDavinciFaults(
  current: DavinciFaults,
  request: Record<string, unknown>,
  now: number,
): DavinciFaults {
  const next: DavinciFaults = { ...current };
  for (const [key, value] of Object.entries(request)) {
    if (key === 'outageMs' && typeof value === 'number') next.outageUntil = now + value;
    else if (key in next && typeof value === typeof next[key as keyof DavinciFaults]) {
      (next as unknown as Record<string, unknown>)[key] = value;
    } else throw new Error(`unknown fault or wrong type: ${key}`);
  }
  return next;
}
