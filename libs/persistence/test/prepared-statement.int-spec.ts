import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import {
  ensureDatabase,
  isUniqueViolation,
  PreparedStatement,
  TransactionRunner,
} from '@toevlucht/persistence';
import { testDatabase } from '@toevlucht/testing';

describe('PreparedStatement on a real PostgreSQL', () => {
  const database = testDatabase('prepared');
  let pool: Pool;
  let runner: TransactionRunner;

  const insert = new PreparedStatement<{ id: number; tags: string[] }>(
    'test_insert_items',
    sql`INSERT INTO item (id, tags, detail)
SELECT id, tags, detail FROM jsonb_to_recordset(${PreparedStatement.param('rows')}::jsonb)
  AS row(id integer, tags text[], detail jsonb)
RETURNING id, tags`,
  );
  const byIds = new PreparedStatement<{ id: number }>(
    'test_items_by_id',
    sql`SELECT id FROM item WHERE id = ANY(${PreparedStatement.param('ids')}::int[]) ORDER BY id`,
  );

  beforeAll(async () => {
    await ensureDatabase(database.url);
    pool = new Pool({ connectionString: database.url, max: 1 });
    await pool.query('CREATE TABLE item (id integer PRIMARY KEY, tags text[], detail jsonb)');
    runner = new TransactionRunner(drizzle(pool));
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('runs in the caller transaction with named values, and rolls back with it', async () => {
    await expect(
      runner.run(async (tx) => {
        const rows = await insert.run(tx, {
          rows: JSON.stringify([{ id: 1, tags: ['a', 'b'], detail: null }]),
        });
        expect(rows).toEqual([{ id: 1, tags: ['a', 'b'] }]);
        expect(await byIds.run(tx, { ids: [1, 2] })).toEqual([{ id: 1 }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await pool.query('SELECT count(*)::int AS n FROM item')).rows).toEqual([{ n: 0 }]);
  });

  it('is prepared once per connection under its name', async () => {
    for (const id of [10, 11, 12]) {
      await runner.run((tx) => insert.run(tx, { rows: JSON.stringify([{ id, tags: [] }]) }));
    }
    const prepared = await runner.run((tx) =>
      tx.execute(
        sql`SELECT name FROM pg_prepared_statements WHERE name LIKE 'test_%' ORDER BY name`,
      ),
    );
    // One pooled connection: both statements are on it, each once, parsed on first use.
    expect(prepared.rows).toEqual([{ name: 'test_insert_items' }, { name: 'test_items_by_id' }]);
  });

  it('keeps the driver error reachable for isUniqueViolation', async () => {
    const failure = await runner
      .run((tx) => insert.run(tx, { rows: JSON.stringify([{ id: 10, tags: [] }]) }))
      .catch((error: unknown) => error);
    expect(isUniqueViolation(failure, 'item_pkey')).toBe(true);
  });

  it('refuses a statement with inline values: every value must be a named parameter', () => {
    expect(() => new PreparedStatement('test_inline', sql`SELECT ${1}`)).toThrow(
      'values must be named parameters',
    );
  });
});
