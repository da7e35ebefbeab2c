import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { afterCommit, ensureDatabase, TransactionRunner } from '@toevlucht/persistence';
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
});
