import { Client } from 'pg';
import { RegistrationHarness } from './registration-harness';

/**
 * A request that cannot get a pooled connection in time is a burst to wait out, not a fault:
 * 503 with Retry-After, so the UI (and the mission driver) retry instead of reporting an
 * internal error.
 */
describe('registration when its database pool is exhausted', () => {
  let harness: RegistrationHarness;
  let staff: string;

  beforeAll(async () => {
    harness = await RegistrationHarness.start(
      'busy',
      {},
      {
        env: { DATABASE_POOL_MAX: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '300' },
      },
    );
    staff = await harness.token('agii-medewerker', { sub: 'staff-busy' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('answers 503 problem+json with Retry-After while the only connection is busy, then serves again', async () => {
    // Hold a lock the list query waits on, so the pool's one connection stays checked out.
    const holder = new Client({ connectionString: harness.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE dossiers IN ACCESS EXCLUSIVE MODE');
      const blocked = harness.call('GET', '/api/v1/dossiers', { token: staff });
      await waitForLockWaiter(holder);

      const refused = await harness.call('GET', '/api/v1/dossiers', { token: staff });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body).toMatchObject({
        type: 'https://toevlucht.dev/problems/service-unavailable',
        status: 503,
      });
      expect(typeof refused.body.errorId).toBe('string');

      await holder.query('ROLLBACK');
      expect((await blocked).status).toBe(200);
      expect((await harness.call('GET', '/api/v1/dossiers', { token: staff })).status).toBe(200);
    } finally {
      await holder.end();
    }
  });
});

async function waitForLockWaiter(holder: Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await holder.query<{ waiting: string }>(
      `SELECT count(*) AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'dossiers' AND NOT l.granted`,
    );
    if (Number(rows[0]?.waiting) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the list request never waited on the lock');
}
