/**
 * What a guarded call can end in besides its result. The adapter's own code throws
 * `PermanentCallError` for answers that will never succeed on a retry (a refused request, an
 * unknown capacity code); anything else it throws is treated as transient by default.
 */

/** The partner refused the request itself: retrying cannot help, and the partner is healthy. */
export class PermanentCallError extends Error {
  override readonly name = 'PermanentCallError';
  constructor(
    message: string,
    /** A partner's own code (e.g. a MAGDA code), safe to log: never personal data. */
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The partner failed in a way that may pass (5xx, transient code, malformed answer). */
export class TransientCallError extends Error {
  override readonly name = 'TransientCallError';
  constructor(
    message: string,
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The call took longer than its timeout; its request was aborted. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(
    readonly breaker: string,
    readonly timeoutMs: number,
  ) {
    super(`${breaker}: no answer within ${timeoutMs} ms; the request was aborted`);
  }
}

/** The breaker is open (or a half-open probe failed) and the caller did not want to wait. */
export class BreakerOpenError extends Error {
  override readonly name = 'BreakerOpenError';
  constructor(readonly breaker: string) {
    super(`${breaker}: circuit breaker open; the partner is not called`);
  }
}

/** Every slot of the concurrency cap stayed taken for as long as the caller could wait. */
export class ConcurrencyLimitError extends Error {
  override readonly name = 'ConcurrencyLimitError';
  constructor(
    readonly breaker: string,
    readonly limit: number,
  ) {
    super(`${breaker}: all ${limit} concurrent calls still in flight`);
  }
}

/** True for the errors a breaker raises itself, before or instead of calling the partner. */
export function isShortCircuit(error: unknown): error is BreakerOpenError | ConcurrencyLimitError {
  return error instanceof BreakerOpenError || error instanceof ConcurrencyLimitError;
}
