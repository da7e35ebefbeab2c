import type { HealthCheck, HealthCheckResult } from '@toevlucht/observability';
import type { Breaker } from './breaker';

/**
 * The breaker's part of `/health/ready`: degraded (not down) while open or half-open. The
 * process is healthy and its messages wait in the queue; restarting or unrouting it would not
 * bring the partner back.
 */
export function breakerHealthCheck(breaker: Breaker): HealthCheck {
  return {
    name: `breaker:${breaker.name}`,
    check: (): Promise<HealthCheckResult> =>
      Promise.resolve(
        breaker.state === 'closed'
          ? undefined
          : { degraded: `circuit breaker ${breaker.state}; calls to the partner are held back` },
      ),
  };
}
