import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { afterCommit, atCommit, ensureDatabase, TransactionRunner } from '@toevlucht/persistence';
import { testDatabase } from '@toevlucht/testing';

describe('TransactionRunner on a real PostgreSQL', () => {
  const database = testDatabase('transactions');
  let pool: Pool;
  let runner: TransactionRunner;

  beforeAll(async () => {
    await ensureDatabase(database.url);
    pool = new Pool({ connectionString: database.url, max: 2 });
    await pool.query('CREATE TABLE thing (id integer PRIMARY KEY)');
    runner = new TransactionRunner(drizzle(pool));
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async () =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM thing')).rows[0]?.n);

  it('commits the work and then runs the after-commit hooks', async () => {
    const seen: number[] = [];
    await runner.run(async (tx) => {
      await tx.execute(sql`INSERT INTO thing (id) VALUES (1)`);
      expect(afterCommit(tx, () => seen.push(1))).toBe(true);
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([1]);
    expect(await count()).toBe(1);
  });

  it('rolls back when the work throws, and never runs its hooks', async () => {
    const seen: number[] = [];
    await expect(
      runner.run(async (tx) => {
        await tx.execute(sql`INSERT INTO thing (id) VALUES (2)`);
        afterCommit(tx, () => seen.push(2));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(seen).toEqual([]);
    expect(await count()).toBe(1);
  });

  it('does not let a failing hook fail a committed transaction', async () => {
    await expect(
      runner.run(async (tx) => {
        await tx.execute(sql`INSERT INTO thing (id) VALUES (3)`);
        afterCommit(tx, () => {
          throw new Error('hook failed');
        });
        return 'done';
      }),
    ).resolves.toBe('done');
    expect(await count()).toBe(2);
  });

  it('sends statements queued for the commit with it, after the work, in the same transaction', async () => {
    const seen: number[] = [];
    await runner.run(async (tx) => {
      expect(
        atCommit(tx, 'INSERT INTO thing (id) VALUES (11); INSERT INTO thing (id) VALUES (12)'),
      ).toBe(true);
      await tx.execute(sql`INSERT INTO thing (id) VALUES (10)`);
      // Queued, not yet run: the work does not see the rows.
      const inside = await tx.execute(sql`SELECT count(*)::int AS n FROM thing WHERE id > 10`);
      expect(inside.rows[0]).toEqual({ n: 0 });
      afterCommit(tx, () => seen.push(10));
    });
    expect(seen).toEqual([10]);
    expect(await count()).toBe(5);
    // The connection is left outside any transaction (the empty one the runner opened is closed).
    await runner.run((tx) => tx.execute(sql`INSERT INTO thing (id) VALUES (13)`));
    expect(await count()).toBe(6);
  });

  it('rolls the whole transaction back when a statement queued for the commit fails', async () => {
    const seen: number[] = [];
    await expect(
      runner.run(async (tx) => {
        await tx.execute(sql`INSERT INTO thing (id) VALUES (20)`);
        atCommit(tx, 'INSERT INTO thing (id) VALUES (21); INSERT INTO thing (id) VALUES (1)');
        afterCommit(tx, () => seen.push(20));
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(seen).toEqual([]);
    expect(await count()).toBe(6);
    // The pooled connection is usable afterwards.
    await runner.run((tx) => tx.execute(sql`INSERT INTO thing (id) VALUES (22)`));
    expect(await count()).toBe(7);
  });

  it('does not queue for a savepoint inside a runner transaction', async () => {
    await runner.run(async (tx) => {
      const queued = await tx.transaction((inner) => Promise.resolve(atCommit(inner, 'SELECT 1')));
      expect(queued).toBe(false);
      expect(atCommit(tx, 'SELECT 1')).toBe(true);
    });
  });
});
