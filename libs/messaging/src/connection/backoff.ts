export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * "Full jitter" exponential backoff: a random delay between 0 and min(max, initial × 2^attempt),
 * so that many replicas reconnecting after one broker restart do not stampede it together.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
