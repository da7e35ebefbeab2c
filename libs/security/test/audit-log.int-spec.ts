import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client, Pool } from 'pg';
import { ensureDatabase, runMigrations, TransactionRunner } from '@toevlucht/persistence';
import {
  AUDIT_LOG_APPEND_ONLY_SQL,
  auditLog,
  AuditTrail,
  type AuditEntry,
  hashOf,
  verifyAuditLog,
} from '@toevlucht/security';
import { testDatabase, type TestDatabase } from '@toevlucht/testing';

const ROOT = join(__dirname, '../../..');
const MIGRATIONS = join(__dirname, 'migrations');
const ADMIN_URL =
  process.env['POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const entry = (n: number): AuditEntry => ({
  actor: `subject-${n}`,
  role: 'agii-medewerker',
  action: n % 3 === 0 ? 'update' : 'read',
  subjectIds: [`7b0c2f8e-0000-4000-8000-${String(n).padStart(12, '0')}`],
  route: 'GET /dossiers/:id',
  purpose: 'dossier-management',
});

/** A connection as the PostgreSQL superuser, who can switch the append-only trigger off. */
async function asSuperuser(
  database: TestDatabase,
  work: (client: Client) => Promise<void>,
): Promise<void> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database.name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await work(client);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  } finally {
    await client.end();
  }
}

describe('the audit log on a real PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const pools: Pool[] = [];
  const trail = new AuditTrail();

  async function auditedDatabase(
    rows: number,
  ): Promise<{ database: TestDatabase; pool: Pool; runner: TransactionRunner }> {
    const database = testDatabase('audit');
    databases.push(database);
    await ensureDatabase(database.url);
    await runMigrations(database.url, MIGRATIONS);
    const pool = new Pool({ connectionString: database.url, max: 8 });
    // The server is shared: an idle client ended from outside must not fail the test run (as in PersistenceModule).
    pool.on('error', () => undefined);
    pools.push(pool);
    const runner = new TransactionRunner(drizzle(pool));
    for (let n = 1; n <= rows; n += 1) await runner.run((tx) => trail.record(tx, entry(n)));
    return { database, pool, runner };
  }

  async function runVerify(
    database: TestDatabase,
    extra: string[] = [],
  ): Promise<{ code: number | null; output: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'test' };
    delete env['NODE_OPTIONS'];
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist/tools/audit-verify.js'), '--service', 'registration', ...extra],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    );
    return { code, output };
  }

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('creates the trigger from exactly the SQL the library exports', () => {
    const migration = readFileSync(join(MIGRATIONS, '0001_audit_log_append_only.sql'), 'utf8');
    expect(migration).toBe(AUDIT_LOG_APPEND_ONLY_SQL);
  });

  it('chains rows written by concurrent transactions without gaps, forks or lost rows', async () => {
    const { pool, runner } = await auditedDatabase(0);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runner.run((tx) => trail.recordMany(tx, [entry(2 * i), entry(2 * i + 1)])),
      ),
    );
    const rows = await drizzle(pool).select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    for (const row of rows) expect(row.hash).toBe(hashOf(row));
    expect(await verifyAuditLog(pool, { batchSize: 7 })).toMatchObject({
      intact: true,
      checked: 80,
    });
  });

  it('chains appends at commit (runner) and at once (plain handle, savepoint) into one chain', async () => {
    const { pool, runner } = await auditedDatabase(0);
    const db = drizzle(pool);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? runner.run((tx) => trail.record(tx, entry(i)))
          : i % 3 === 1
            ? trail.record(db, entry(i))
            : runner.run((tx) => tx.transaction((inner) => trail.record(inner, entry(i)))),
      ),
    );
    expect(await verifyAuditLog(pool)).toMatchObject({ intact: true, checked: 30 });
  });

  it('hashes in the database exactly as verification does, whatever the text holds', async () => {
    const { pool, runner } = await auditedDatabase(1);
    const awkward = `it's "quoted", back\\slash \\u0041, new\nline, tab\t, é, 😀, \u2028, $1 ; --`;
    await runner.run((tx) =>
      trail.recordMany(tx, [
        { ...entry(2), actor: awkward, purpose: awkward, requestId: awkward },
        { ...entry(3), subjectIds: [awkward, 'b,"c"', ''] },
      ]),
    );
    const rows = await drizzle(pool).select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows[1]).toMatchObject({ actor: awkward, purpose: awkward, requestId: awkward });
    expect(rows[2]?.subjectIds).toEqual([awkward, 'b,"c"', '']);
    for (const row of rows) expect(row.hash).toBe(hashOf(row));
    expect(await verifyAuditLog(pool)).toMatchObject({ intact: true, checked: 3 });
  });

  it('leaves no gap when an audited transaction rolls back', async () => {
    const { pool, runner } = await auditedDatabase(2);
    await expect(
      runner.run(async (tx) => {
        await trail.record(tx, entry(3));
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    await runner.run((tx) => trail.record(tx, entry(4)));
    const seqs = (
      await drizzle(pool).select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq))
    ).map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect((await verifyAuditLog(pool)).intact).toBe(true);
  });

  it('carries the request id of the audited act when the caller gives one', async () => {
    const { pool, runner } = await auditedDatabase(0);
    await runner.run((tx) => trail.record(tx, { ...entry(1), requestId: 'req-42' }));
    const [row] = await drizzle(pool).select().from(auditLog);
    expect(row?.requestId).toBe('req-42');
  });

  it('refuses an entry carrying an INSZ, and writes nothing', async () => {
    const { pool, runner } = await auditedDatabase(1);
    await expect(
      runner.run((tx) => trail.record(tx, { ...entry(2), subjectIds: ['85073003328'] })),
    ).rejects.toThrow("Audit entry field 'subjectIds' looks like personal data");
    expect((await verifyAuditLog(pool)).checked).toBe(1);
  });

  it.each([
    ['UPDATE', 'UPDATE audit_log SET actor = $1 WHERE seq = 1', ['someone-else']],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1', []],
    ['TRUNCATE', 'TRUNCATE audit_log', []],
  ])('refuses %s to the application role', async (operation, statement, parameters) => {
    const { pool } = await auditedDatabase(1);
    await expect(pool.query(statement, parameters)).rejects.toThrow(
      `audit_log is append-only: ${operation} refused`,
    );
  });

  it('audit:verify says intact (exit 0) and prints the head, which then anchors a later run', async () => {
    const { database, pool } = await auditedDatabase(5);
    const first = await runVerify(database);
    expect(first.code).toBe(0);
    expect(first.output).toContain('registration: 5 audit row(s) verified');
    const head = /head: (\d+:[0-9a-f]{64})/.exec(first.output)?.[1];
    expect(head).toBeDefined();
    expect((await runVerify(database, ['--anchor', head!])).code).toBe(0);

    // The last row cut off: the chain alone cannot see it; the anchor does.
    await asSuperuser(database, (client) =>
      client.query('DELETE FROM audit_log WHERE seq = 5').then(() => undefined),
    );
    expect((await runVerify(database)).code).toBe(0);
    const anchored = await runVerify(database, ['--anchor', head!]);
    expect(anchored.code).toBe(1);
    expect(anchored.output).toContain('anchor 5: NOT FOUND with that hash');
    expect((await verifyAuditLog(pool)).checked).toBe(4);
  });

  it('audit:verify finds a row a superuser changed (exit 1)', async () => {
    const { database } = await auditedDatabase(6);
    await asSuperuser(database, async (client) => {
      await client.query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3");
    });
    const result = await runVerify(database);
    expect(result.code).toBe(1);
    expect(result.output).toContain('BROKEN at seq 3: row changed');
  });

  it('audit:verify finds a row a superuser deleted (exit 1)', async () => {
    const { database } = await auditedDatabase(6);
    await asSuperuser(database, async (client) => {
      await client.query('DELETE FROM audit_log WHERE seq = 4');
    });
    const result = await runVerify(database);
    expect(result.code).toBe(1);
    expect(result.output).toContain('BROKEN at seq 4: row deleted');
  });

  it('audit:verify finds a well-forged row a superuser inserted, renumbering the rows after it (exit 1)', async () => {
    const { database, pool } = await auditedDatabase(6);
    const [second] = (
      await pool.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 2')
    ).rows;
    const forged = {
      seq: 3,
      occurredAt: new Date(),
      actor: 'forger',
      role: 'beheerder',
      action: 'read',
      subjectIds: ['nothing-to-see'],
      route: 'GET /dossiers/:id',
      purpose: 'dossier-management',
      requestId: null,
      prevHash: second!.hash,
    };
    await asSuperuser(database, async (client) => {
      await client.query('UPDATE audit_log SET seq = -seq WHERE seq >= 3');
      await client.query('UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0');
      await client.query(
        `INSERT INTO audit_log (seq, occurred_at, actor, role, action, subject_ids, route, purpose, request_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          forged.seq,
          forged.occurredAt,
          forged.actor,
          forged.role,
          forged.action,
          forged.subjectIds,
          forged.route,
          forged.purpose,
          forged.requestId,
          forged.prevHash,
          hashOf(forged),
        ],
      );
    });
    const result = await runVerify(database);
    expect(result.code).toBe(1);
    expect(result.output).toContain('BROKEN at seq 3: row inserted');
  });
});
