import { types } from 'node:util';

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`
 * with the last reason. For waiting on real processes and sockets, never on fixed sleeps.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError === undefined ? '' : `: ${describeError(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The last failure in words, with its cause (fetch says only 'fetch failed'; its cause says
 * ECONNREFUSED). Errors from Node's own modules come from outside Jest's realm, where
 * `instanceof Error` is false, so this asks Node instead.
 */
function describeError(error: unknown): string {
  if (!types.isNativeError(error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? error.message : `${error.message} (${describeError(cause)})`;
}
