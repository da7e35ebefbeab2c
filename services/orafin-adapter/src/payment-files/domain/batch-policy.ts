export interface BatchPolicy {
  /** At most this many orders in one InFile. */
  readonly maxSize: number;
  /** An order waits at most this long for others to fill its file. */
  readonly maxWaitMs: number;
}

/**
 * How many pending orders to put in a new InFile now: a full file as soon as there is one,
 * otherwise everything pending once the oldest order has waited long enough, otherwise none.
 */
export function ordersToBatch(
  policy: BatchPolicy,
  pendingCount: number,
  oldestPendingAt: Date | undefined,
  now: Date,
): number {
  if (pendingCount === 0 || oldestPendingAt === undefined) return 0;
  if (pendingCount >= policy.maxSize) return policy.maxSize;
  return now.getTime() - oldestPendingAt.getTime() >= policy.maxWaitMs ? pendingCount : 0;
}
