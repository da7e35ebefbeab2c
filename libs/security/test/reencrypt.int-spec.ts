import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ensureDatabase } from '@toevlucht/persistence';
import {
  type EncryptedColumns,
  FieldCipher,
  FieldDecryptionError,
  reencryptColumns,
} from '@toevlucht/security';
import { testDatabase } from '@toevlucht/testing';

const k2025 = randomBytes(32);
const k2026 = randomBytes(32);
const before = new FieldCipher({ keys: new Map([['k2025', k2025]]), currentKeyId: 'k2025' });
const after = new FieldCipher({
  keys: new Map([
    ['k2025', k2025],
    ['k2026', k2026],
  ]),
  currentKeyId: 'k2026',
});

const COLUMNS: EncryptedColumns = [
  {
    table: 'person',
    idColumn: 'id',
    columns: [
      { column: 'insz', purpose: 'person.insz' },
      { column: 'phone', purpose: 'person.phone' },
    ],
  },
];

const ROWS = 1_203;
const insz = (id: number) => `85${String(id).padStart(9, '0')}`;
const phone = (id: number) => (id % 4 === 0 ? null : `+32470${String(id).padStart(6, '0')}`);

describe('re-encryption to the current key on a real PostgreSQL', () => {
  const database = testDatabase('reencrypt');
  let pool: Pool;

  beforeAll(async () => {
    await ensureDatabase(database.url);
    pool = new Pool({ connectionString: database.url, max: 3 });
    // The server is shared: an idle client ended from outside must not fail the test run (as in PersistenceModule).
    pool.on('error', () => undefined);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** person rows under the old key, every tenth already under the new key, a quarter without phone. */
  beforeEach(async () => {
    await pool.query('DROP TABLE IF EXISTS person');
    await pool.query(
      'CREATE TABLE person (id bigint PRIMARY KEY, insz text NOT NULL, phone text, note text)',
    );
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let id = 1; id <= ROWS; id += 1) {
      const cipher = id % 10 === 0 ? after : before;
      const p = phone(id);
      values.push(
        id,
        cipher.encrypt(insz(id), 'person.insz'),
        p === null ? null : cipher.encrypt(p, 'person.phone'),
        `note ${id}`,
      );
      tuples.push(
        `($${values.length - 3}, $${values.length - 2}, $${values.length - 1}, $${values.length})`,
      );
    }
    await pool.query(
      `INSERT INTO person (id, insz, phone, note) VALUES ${tuples.join(', ')}`,
      values,
    );
  });

  const keysInUse = async () =>
    (
      await pool.query<{ kid: string; n: string }>(
        `SELECT split_part(v, '.', 2) AS kid, count(*) AS n FROM (SELECT insz AS v FROM person UNION ALL SELECT phone FROM person WHERE phone IS NOT NULL) s GROUP BY 1 ORDER BY 1`,
      )
    ).rows.map((row): [string, number] => [row.kid, Number(row.n)]);

  const oldRows = ROWS - Math.floor(ROWS / 10);
  const oldPhones = Array.from({ length: ROWS }, (_, i) => i + 1).filter(
    (id) => id % 10 !== 0 && phone(id) !== null,
  ).length;

  it('moves every old ciphertext to the current key in batches, keeping every value and leaving other columns alone', async () => {
    const batches: number[] = [];
    const report = await reencryptColumns(pool, after, COLUMNS, {
      batchSize: 100,
      onBatch: (progress) => batches.push(progress.rows),
    });
    expect(report.tables).toEqual([
      {
        table: 'person',
        rows: oldRows,
        values: { insz: oldRows, phone: oldPhones },
        byOldKey: { k2025: oldRows + oldPhones },
      },
    ]);
    expect(batches.length).toBeGreaterThan(10);
    expect(await keysInUse()).toEqual([['k2026', ROWS + ROWS - Math.floor(ROWS / 4)]]);
    const { rows } = await pool.query<{
      id: string;
      insz: string;
      phone: string | null;
      note: string;
    }>('SELECT * FROM person ORDER BY id');
    for (const row of rows) {
      const id = Number(row.id);
      expect(after.decrypt(row.insz, 'person.insz')).toBe(insz(id));
      expect(row.phone === null ? null : after.decrypt(row.phone, 'person.phone')).toBe(phone(id));
      expect(row.note).toBe(`note ${id}`);
    }
  });

  it('is idempotent: a second run finds nothing to move', async () => {
    await reencryptColumns(pool, after, COLUMNS, { batchSize: 500 });
    const again = await reencryptColumns(pool, after, COLUMNS, { batchSize: 500 });
    expect(again.tables[0]).toMatchObject({ rows: 0, values: { insz: 0, phone: 0 } });
  });

  it('changes nothing in a dry run, and counts what it would move', async () => {
    const before = await pool.query('SELECT insz, phone FROM person ORDER BY id');
    const report = await reencryptColumns(pool, after, COLUMNS, { batchSize: 250, dryRun: true });
    expect(report.tables[0]).toMatchObject({
      rows: oldRows,
      values: { insz: oldRows, phone: oldPhones },
    });
    expect((await pool.query('SELECT insz, phone FROM person ORDER BY id')).rows).toEqual(
      before.rows,
    );
  });

  it('resumes after an interruption: committed batches stay moved, the rest follows on the next run', async () => {
    let seen = 0;
    await expect(
      reencryptColumns(pool, after, COLUMNS, {
        batchSize: 100,
        onBatch: () => {
          seen += 1;
          if (seen === 3) throw new Error('operator pressed Ctrl-C');
        },
      }),
    ).rejects.toThrow('operator pressed Ctrl-C');
    const partly = Object.fromEntries(await keysInUse());
    expect(partly['k2025']).toBeGreaterThan(0);
    const rest = await reencryptColumns(pool, after, COLUMNS, { batchSize: 100 });
    expect(rest.tables[0]!.rows).toBe(oldRows - 300);
    expect(await keysInUse()).toEqual([['k2026', ROWS + ROWS - Math.floor(ROWS / 4)]]);
  });

  it('stops at a value under a key it does not have, rolling back that batch and naming the key, not the value', async () => {
    const stranger = new FieldCipher({
      keys: new Map([['k1999', randomBytes(32)]]),
      currentKeyId: 'k1999',
    });
    const foreign = stranger.encrypt('85000000500', 'person.insz');
    await pool.query('UPDATE person SET insz = $1 WHERE id = 500', [foreign]);
    const error = await reencryptColumns(pool, after, COLUMNS, { batchSize: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect((error as Error).message).toContain("'k1999'");
    expect((error as Error).message).not.toContain(foreign);
    // The four batches before the bad row's committed (400 rows); the bad row's batch did not.
    const { rows } = await pool.query<{ moved: string }>(
      "SELECT count(*) AS moved FROM person WHERE id % 10 <> 0 AND insz LIKE 'v1.k2026.%'",
    );
    expect(Number(rows[0]!.moved)).toBe(400);
    const bad = await pool.query<{ insz: string }>('SELECT insz FROM person WHERE id = 500');
    expect(bad.rows[0]!.insz).toBe(foreign);
  });
});
