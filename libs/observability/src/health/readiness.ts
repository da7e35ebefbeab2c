import type { HealthCheck } from './health-check';

export type DependencyStatus =
  { status: 'up' } | { status: 'degraded'; reason: string } | { status: 'down'; reason: string };

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, DependencyStatus>>;
}

/**
 * Runs every check in parallel, each bounded by `timeoutMs`, and never throws: a failing or
 * hanging dependency becomes a 'down' entry with its reason. A degraded one is reported but
 * keeps the service ready.
 */
export async function assessReadiness(
  checks: readonly HealthCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    checks.map(async (check): Promise<[string, DependencyStatus]> => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        const result = await Promise.race([check.check(controller.signal), timeout]);
        if (result !== undefined && result !== null && typeof result === 'object')
          return [check.name, { status: 'degraded', reason: result.degraded }];
        return [check.name, { status: 'up' }];
      } catch (error) {
        return [check.name, { status: 'down', reason: describe(error) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    ready: entries.every(([, status]) => status.status !== 'down'),
    checks: Object.fromEntries(entries),
  };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
