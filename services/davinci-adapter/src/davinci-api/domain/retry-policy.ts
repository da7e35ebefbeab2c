export interface RetryPolicy {
  /** Retries after the first attempt (idempotent calls only). */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (0-based): what the partner asked for (Retry-After),
 * capped, or else "full jitter" (a random wait up to an exponentially growing ceiling), so
 * many callers retrying after one outage do not arrive together.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random * ceiling);
}
