import { Pool } from 'pg';
import { ConfigError } from '@toevlucht/config';
import { type AuditAnchor, verifyAuditLog } from '@toevlucht/security';
import { fail, option, print } from './cli-options';
import { serviceDatabaseUrl } from './service-database';

const USAGE =
  'usage: npm run audit:verify -- --service <name> [--anchor <seq>:<hash>] [--batch <rows>] [--json]';

const BREAK_TEXT = {
  changed: 'changed (its fields or its link no longer match its hash)',
  deleted: 'deleted (missing from the chain)',
  inserted: 'inserted (not written by the chain; later rows renumbered)',
} as const;

/**
 * `npm run audit:verify -- --service registration [--anchor 1234:<hash>]`: walks the service's
 * audit_log hash chain (its DATABASE_URL, as the service reads it) and reports the first
 * changed, inserted or deleted row. Exit 0 when intact, 1 when not. Prints the head (seq and
 * hash): kept somewhere else, it is the anchor of a later run, which also catches rows cut from
 * the end or a chain rewritten from some row on.
 */
async function main(argv: string[]): Promise<number> {
  const service = option(argv, '--service');
  if (service === undefined) return fail(USAGE, 64);
  const anchorText = option(argv, '--anchor');
  let anchor: AuditAnchor | undefined;
  if (anchorText !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(anchorText);
    if (match === null) return fail('--anchor must be <seq>:<64 hex characters>', 64);
    anchor = { seq: Number(match[1]), hash: match[2]! };
  }
  const pool = new Pool({ connectionString: serviceDatabaseUrl(service), max: 1 });
  try {
    const result = await verifyAuditLog(pool, {
      batchSize: Number(option(argv, '--batch') ?? 1_000),
      ...(anchor === undefined ? {} : { anchor }),
    });
    if (argv.includes('--json')) {
      print(JSON.stringify({ service, ...result }));
    } else {
      print(`${service}: ${result.checked} audit row(s) verified`);
      if (result.head !== undefined) print(`head: ${result.head.seq}:${result.head.hash}`);
      if (result.break !== undefined) {
        print(`BROKEN at seq ${result.break.seq}: row ${BREAK_TEXT[result.break.kind]}`);
      }
      if (result.anchor !== undefined) {
        print(
          result.anchor.matches
            ? `anchor ${result.anchor.seq}: matches`
            : `anchor ${result.anchor.seq}: NOT FOUND with that hash (rows cut or rewritten)`,
        );
      }
      print(result.intact ? 'intact' : 'NOT intact');
    }
    return result.intact ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 2);
  },
);
