import { join } from 'node:path';
import { Client } from 'pg';
import { testDatabase, type TestDatabase } from '@toevlucht/testing';
import { ensureDatabase, runMigrations } from '@toevlucht/persistence';

// Any stateful service's migrations will do; registration's are the oldest.
const MIGRATIONS = join(__dirname, '../../../services/registration/migrations');

async function tablesOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('migrations on a real PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const fresh = (purpose: string) => {
    const database = testDatabase(purpose);
    databases.push(database);
    return database;
  };

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('creates a missing database once, also when two callers race', async () => {
    const database = fresh('ensure');
    const created = await Promise.all([ensureDatabase(database.url), ensureDatabase(database.url)]);
    expect(created.filter(Boolean)).toHaveLength(1);
    await expect(ensureDatabase(database.url)).resolves.toBe(false);
  });

  it('applies every migration on an empty database, and re-applying is a no-op', async () => {
    const database = fresh('apply');
    await ensureDatabase(database.url);

    const first = await runMigrations(database.url, MIGRATIONS);
    expect(first.applied).toBeGreaterThan(0);
    expect(first.total).toBe(first.applied);
    expect(await tablesOf(database.url)).toEqual(expect.arrayContaining(['inbox', 'outbox']));

    const second = await runMigrations(database.url, MIGRATIONS);
    expect(second).toEqual({ applied: 0, total: first.total });
  });

  it('lets two concurrent runs apply each migration exactly once', async () => {
    const database = fresh('concurrent');
    await ensureDatabase(database.url);

    const results = await Promise.all([
      runMigrations(database.url, MIGRATIONS),
      runMigrations(database.url, MIGRATIONS),
      runMigrations(database.url, MIGRATIONS),
    ]);

    const total = results[0]?.total;
    expect(results.map((result) => result.total)).toEqual([total, total, total]);
    expect(results.reduce((sum, result) => sum + result.applied, 0)).toBe(total);
  });

  it('fails clearly when the migrations folder does not exist', async () => {
    const database = fresh('missing');
    await ensureDatabase(database.url);
    await expect(runMigrations(database.url, join(__dirname, 'no-such-folder'))).rejects.toThrow();
  });
});
