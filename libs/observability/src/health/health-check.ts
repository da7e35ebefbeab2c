import { Injectable } from '@nestjs/common';

/**
 * A dependency whose reachability decides readiness (database, broker, later a partner's
 * breaker). `check` resolves when the dependency answers and rejects with a reason otherwise;
 * it should honour the abort signal, which fires when the readiness timeout passes.
 */
export interface HealthCheck {
  readonly name: string;
  check(signal: AbortSignal): Promise<HealthCheckResult>;
}

/**
 * Nothing when the dependency is up; `{ degraded }` when it works only in part (an adapter
 * whose partner's breaker is open): reported, but the service stays ready.
 */
export type HealthCheckResult = void | undefined | { readonly degraded: string };

/**
 * Where modules contribute their health checks (Nest has no multi-providers): the
 * persistence module registers 'database', the messaging module 'broker', and so on.
 */
@Injectable()
export class HealthCheckRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(check: HealthCheck): void {
    if (this.checks.has(check.name)) {
      throw new Error(`A health check named '${check.name}' is already registered`);
    }
    this.checks.set(check.name, check);
  }

  all(): HealthCheck[] {
    return [...this.checks.values()];
  }
}
