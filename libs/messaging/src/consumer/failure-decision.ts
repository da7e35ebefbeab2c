/**
 * What happens to a message whose handler failed: another try after the next delay tier, or
 * the parking lot. Plain TypeScript, unit-tested; the transport carries the decision out.
 */
export type FailureDecision =
  | { readonly action: 'retry'; readonly tier: number; readonly nextAttempt: number }
  | { readonly action: 'park'; readonly reason: 'retries-exhausted' | 'handler-rejected' };

/**
 * @param attempt the attempt that just failed, 1 for the first delivery
 * @param tiers how many delayed-retry tiers the queue has
 * @param permanent the handler declared the failure permanent (retrying cannot help)
 */
export function decideOnFailure(
  attempt: number,
  tiers: number,
  permanent: boolean,
): FailureDecision {
  if (permanent) return { action: 'park', reason: 'handler-rejected' };
  if (attempt > tiers) return { action: 'park', reason: 'retries-exhausted' };
  return { action: 'retry', tier: attempt, nextAttempt: attempt + 1 };
}

/** The attempt count a delivery carries; a first delivery has none, so 1. */
export function attemptOf(headers: Record<string, unknown> | undefined): number {
  const value = headers?.['x-toevlucht-attempt'];
  const attempt = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

/** First lines of a stack, enough to find the failing frame without bloating a header. */
export function trimStack(stack: string | undefined, lines = 8): string | undefined {
  return stack?.split('\n').slice(0, lines).join('\n');
}

/**
 * How long a delivery that could not be settled (its move to a retry tier or the parking lot,
 * or its reply, was not confirmed) is held before it is handed back to the broker. Handing it
 * back at once made a tight loop: each return counts towards the queue's delivery limit, so a
 * publishing side down for a second parked a whole prefetch window. Held, it waits 0.25–0.5 s
 * after its first delivery, doubling with each redelivery up to 15–30 s: twenty deliveries then
 * take minutes. `redeliveries` is the broker's count (quorum queues' x-delivery-count).
 */
export function settleFailureHoldMs(
  redeliveries: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(Math.max(redeliveries, 0), 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How often the broker delivered this message before (quorum queues count it for us). */
export function redeliveriesOf(
  headers: Record<string, unknown> | undefined,
  redelivered: boolean,
): number {
  const count = headers?.['x-delivery-count'];
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) return count;
  return redelivered ? 1 : 0;
}
