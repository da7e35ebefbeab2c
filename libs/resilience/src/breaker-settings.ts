import { z } from 'zod';
import { ConfigError, positiveInt } from '@toevlucht/config';

/** How one breaker guards calls to one partner operation. */
export interface BreakerSettings {
  /** The partner operation, e.g. `rijksregister.GeefPersoon`; a label in metrics and events. */
  readonly name: string;
  /** Per-call timeout; the call's own AbortSignal fires when it passes. */
  readonly timeoutMs: number;
  /** A call that succeeds but takes longer than this counts as a failure (the partner is struggling). */
  readonly slowCallMs: number;
  /** Calls in the rolling window before the error percentage may open the breaker. */
  readonly volumeThreshold: number;
  /** Failure percentage (over the rolling window) above which the breaker opens. */
  readonly errorThresholdPercentage: number;
  /**
   * The longest the breaker stays open before one probe call is let through (half-open).
   * With `firstResetTimeoutMs` it is the cap of a doubling wait.
   */
  readonly resetTimeoutMs: number;
  /**
   * The wait after the breaker opens from closed; each failed probe doubles it, up to
   * `resetTimeoutMs`. A short outage then ends within about a second, while a long one is
   * probed no more often than before. Unset: every wait is `resetTimeoutMs`.
   */
  readonly firstResetTimeoutMs?: number;
  /** The rolling window the error percentage is computed over. */
  readonly rollingWindowMs: number;
  /** Calls in flight at once, counted until the request really ends (also after a timeout). */
  readonly maxConcurrent: number;
}

export type BreakerDefaults = Omit<BreakerSettings, 'name'>;

export const DEFAULT_BREAKER: BreakerDefaults = {
  timeoutMs: 10_000,
  slowCallMs: 5_000,
  volumeThreshold: 10,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 10_000,
  maxConcurrent: 10,
};

/**
 * Reads a breaker's settings from `<PREFIX>_BREAKER_TIMEOUT_MS`, `_SLOW_CALL_MS`,
 * `_VOLUME_THRESHOLD`, `_ERROR_PERCENTAGE`, `_RESET_TIMEOUT_MS`, `_FIRST_RESET_TIMEOUT_MS`,
 * `_WINDOW_MS` and `_MAX_CONCURRENT`; unset ones take `defaults` (a default first wait longer
 * than the configured reset timeout is cut to it). Throws a ConfigError naming every bad
 * variable, also a first wait set longer than the reset timeout.
 */
export function loadBreakerSettings(
  name: string,
  prefix: string,
  env: NodeJS.ProcessEnv,
  defaults: BreakerDefaults = DEFAULT_BREAKER,
): BreakerSettings {
  const key = (suffix: string) => `${prefix}_BREAKER_${suffix}`;
  const parsed = z
    .object({
      [key('TIMEOUT_MS')]: positiveInt(defaults.timeoutMs, 600_000),
      [key('SLOW_CALL_MS')]: positiveInt(defaults.slowCallMs, 600_000),
      [key('VOLUME_THRESHOLD')]: positiveInt(defaults.volumeThreshold, 100_000),
      [key('ERROR_PERCENTAGE')]: positiveInt(defaults.errorThresholdPercentage, 100),
      [key('RESET_TIMEOUT_MS')]: positiveInt(defaults.resetTimeoutMs, 3_600_000),
      [key('FIRST_RESET_TIMEOUT_MS')]: positiveInt(0, 3_600_000), // 0: not set (a set value is ≥ 1)
      [key('WINDOW_MS')]: positiveInt(defaults.rollingWindowMs, 3_600_000),
      [key('MAX_CONCURRENT')]: positiveInt(defaults.maxConcurrent, 10_000),
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      name,
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        problem: issue.message,
      })),
    );
  }
  const value = (suffix: string): number => parsed.data[key(suffix)] as number;
  const resetTimeoutMs = value('RESET_TIMEOUT_MS');
  const firstSet = value('FIRST_RESET_TIMEOUT_MS') || undefined;
  if (firstSet !== undefined && firstSet > resetTimeoutMs) {
    throw new ConfigError(name, [
      {
        variable: key('FIRST_RESET_TIMEOUT_MS'),
        problem: `must not exceed ${key('RESET_TIMEOUT_MS')} (${resetTimeoutMs})`,
      },
    ]);
  }
  const first = firstSet ?? defaults.firstResetTimeoutMs;
  return {
    name,
    timeoutMs: value('TIMEOUT_MS'),
    slowCallMs: value('SLOW_CALL_MS'),
    volumeThreshold: value('VOLUME_THRESHOLD'),
    errorThresholdPercentage: value('ERROR_PERCENTAGE'),
    resetTimeoutMs,
    ...(first === undefined ? {} : { firstResetTimeoutMs: Math.min(first, resetTimeoutMs) }),
    rollingWindowMs: value('WINDOW_MS'),
    maxConcurrent: value('MAX_CONCURRENT'),
  };
}
