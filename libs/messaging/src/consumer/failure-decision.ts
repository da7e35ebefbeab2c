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
