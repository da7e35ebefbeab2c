import { PermanentCallError } from './call-errors';

/**
 * How a failed call counts: `transient` errors count against the partner's health (the breaker
 * may open) and the work is retried later; `permanent` errors do not count (the partner answered,
 * it just said no) and the work fails at once.
 */
export type FailureClass = 'transient' | 'permanent';

export type FailureClassifier = (error: unknown) => FailureClass;

/** PermanentCallError is permanent; everything else (network, timeout, 5xx, …) is transient. */
export const defaultClassifier: FailureClassifier = (error) =>
  error instanceof PermanentCallError ? 'permanent' : 'transient';
