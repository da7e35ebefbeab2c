import pino from 'pino';
import type { Pool, PoolClient } from 'pg';
import { createServicePool, ensureDatabase } from '@toevlucht/persistence';
import { TcpProxy, testDatabase, testPostgresServerUrl } from '@toevlucht/testing';

describe('the service pool when PostgreSQL goes away', () => {
  const database = testDatabase('service_pool');
  const server = new URL(testPostgresServerUrl());
  const logged: { msg: string }[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => logged.push(JSON.parse(line)) },
  );
  let proxy: TcpProxy;
  let pool: Pool;

  beforeAll(async () => {
    await ensureDatabase(database.url);
    proxy = await TcpProxy.start(server.hostname, Number(server.port || 5432));
    const url = new URL(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    pool = createServicePool({ connectionString: url.toString(), max: 2 }, logger);
  });

  afterAll(async () => {
    await pool.end();
    await proxy.close();
    await database.drop();
  });

  it('fails the query of a client in use, keeps the process, and opens a new connection after', async () => {
    // Without a listener of ours, pg's 'error' event on this checked-out client would be
    // unhandled: Jest reports that as a failure, a service process dies of it.
    const inUse: PoolClient = await pool.connect();
    const running = inUse.query('SELECT pg_sleep(30)');
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.down();
    await expect(running).rejects.toThrow('Connection terminated unexpectedly');
    inUse.release();
    expect(pool.totalCount).toBe(0);
    expect(logged.map((entry) => entry.msg)).toEqual(['PostgreSQL connection lost']);

    proxy.up();
    const answer = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(answer.rows).toEqual([{ one: 1 }]);
  });

  it('drops an idle client whose connection died and logs it once', async () => {
    logged.length = 0;
    await pool.query('SELECT 1');
    expect(pool.idleCount).toBe(1);
    proxy.down();
    await waitUntil(() => pool.totalCount === 0);
    // Logged once, not again for the pool's copy of the same event.
    expect(logged.map((entry) => entry.msg)).toEqual(['PostgreSQL connection lost']);
    proxy.up();
    await expect(pool.query('SELECT 1')).resolves.toBeDefined();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
