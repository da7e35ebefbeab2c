import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { ensureDatabase, runMigrations, TransactionRunner } from '@toevlucht/persistence';
import { findProjectRoot } from '@toevlucht/runtime';
import { AuditTrail, BlindIndex, FieldCipher, verifyAuditLog } from '@toevlucht/security';
import { testDatabase } from '@toevlucht/testing';

/**
 * `npm run bench:security`: what the audit log's serialised append costs, as a ratio to the
 * same transactions inserting an equally wide row without chain or lock, both measured in this
 * run on one database, rounds alternating; and the field cipher and blind index per operation.
 * Not part of `npm test`.
 */
const TRANSACTIONS = Number(process.env['BENCH_TRANSACTIONS'] ?? 2_000);
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

const entry = (n: number) => ({
  actor: `subject-${n % 50}`,
  role: 'agii-medewerker',
  action: 'read',
  subjectIds: [`7b0c2f8e-0000-4000-8000-${String(n).padStart(12, '0')}`],
  route: 'GET /dossiers/:id',
  purpose: 'dossier-management',
});

async function perSecond(work: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < TRANSACTIONS) await work(next++);
    }),
  );
  return TRANSACTIONS / (Number(process.hrtime.bigint() - started) / 1e9);
}

function opsPerSecond(count: number, work: (n: number) => void): number {
  const started = process.hrtime.bigint();
  for (let n = 0; n < count; n += 1) work(n);
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number) => Math.round(value).toLocaleString('en');

async function main(): Promise<void> {
  const database = testDatabase('bench_security');
  await ensureDatabase(database.url);
  const pool = new Pool({ connectionString: database.url, max: CLIENTS });
  try {
    await runMigrations(database.url, join(findProjectRoot(), 'libs/security/test/migrations'));
    await pool.query(`CREATE TABLE plain_log (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL, actor text, role text,
      action text, subject_ids text[], route text, purpose text, request_id text, prev_hash char(64), hash char(64))`);
    const runner = new TransactionRunner(drizzle(pool));
    const trail = new AuditTrail();
    const plain: number[] = [];
    const audited: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const runPlain = () =>
        perSecond((n) =>
          runner.run(async (tx) => {
            const e = entry(n);
            await tx.execute(
              sql`INSERT INTO plain_log (occurred_at, actor, role, action, subject_ids, route, purpose, prev_hash, hash)
                  VALUES (now(), ${e.actor}, ${e.role}, ${e.action}, ARRAY[${e.subjectIds[0]!}]::text[], ${e.route}, ${e.purpose}, ${'0'.repeat(64)}, ${'0'.repeat(64)})`,
            );
          }),
        );
      const runAudited = () => perSecond((n) => runner.run((tx) => trail.record(tx, entry(n))));
      let p: number;
      let a: number;
      if (round % 2 === 0) {
        p = await runPlain();
        a = await runAudited();
      } else {
        a = await runAudited();
        p = await runPlain();
      }
      plain.push(p);
      audited.push(a);
      ratios.push(a / p);
      process.stdout.write(`round ${round + 1}: plain ${fmt(p)} tx/s, audited ${fmt(a)} tx/s\n`);
    }
    const verifyStarted = process.hrtime.bigint();
    const verification = await verifyAuditLog(pool);
    const verifyRate =
      verification.checked / (Number(process.hrtime.bigint() - verifyStarted) / 1e9);
    if (!verification.intact) throw new Error('the benchmark chain does not verify');
    const cipher = new FieldCipher({
      keys: new Map([['k1', randomBytes(32)]]),
      currentKeyId: 'k1',
    });
    const index = new BlindIndex(randomBytes(32));
    const sample = cipher.encrypt('85073003328', 'person.insz');
    const encrypt = opsPerSecond(50_000, () => cipher.encrypt('85073003328', 'person.insz'));
    const decrypt = opsPerSecond(50_000, () => cipher.decrypt(sample, 'person.insz'));
    const blind = opsPerSecond(50_000, (n) => index.of(String(85073003328 + n), 'person.insz'));
    process.stdout.write(
      [
        `\n${TRANSACTIONS} transactions per scenario, ${CLIENTS} clients, ${ROUNDS} rounds (medians):`,
        `  plain insert            ${fmt(median(plain))} tx/s`,
        `  AuditTrail.record       ${fmt(median(audited))} tx/s`,
        `  ratio audited / plain   ${median(ratios).toFixed(2)}`,
        `  audit:verify            ${fmt(verifyRate)} rows/s (${verification.checked} rows)`,
        `  FieldCipher.encrypt     ${fmt(encrypt)} ops/s`,
        `  FieldCipher.decrypt     ${fmt(decrypt)} ops/s`,
        `  BlindIndex.of           ${fmt(blind)} ops/s`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:security: ${(error as Error).message}\n`);
  process.exit(1);
});
