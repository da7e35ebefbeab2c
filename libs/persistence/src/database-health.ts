import type { Pool } from 'pg';
import type { HealthCheck } from '@toevlucht/observability';

/** Readiness of the service's own database: a `SELECT 1` through the pool answers. */
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'database';

  constructor(private readonly pool: Pool) {}

  async check(signal: AbortSignal): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // An abandoned query must not come back later: if the timeout fires, the client is
    // destroyed instead of being returned to the pool in an unknown state.
    const onAbort = () => {
      broken = new Error('health check timed out');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await client.query('SELECT 1');
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw broken;
    } finally {
      signal.removeEventListener('abort', onAbort);
      client.release(broken);
    }
  }
}
