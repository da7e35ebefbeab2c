import { Pool } from 'pg';
import { ConfigError } from '@toevlucht/config';
import {
  FieldCipher,
  loadSecurityConfig,
  reencryptColumns,
  type ColumnProgress,
} from '@toevlucht/security';
import { fail, option, print } from './cli-options';
import { ENCRYPTED_COLUMNS } from './encrypted-columns';
import { serviceDatabaseUrl } from './service-database';

const USAGE =
  'usage: npm run keys:reencrypt -- --service <name> [--batch <rows, default 500>] [--dry-run]';

/**
 * `npm run keys:reencrypt -- --service registration [--batch 500] [--dry-run]`: moves every
 * ciphertext of the service's encrypted columns (tools/encrypted-columns.ts) that was made with
 * an old key to FIELD_ENCRYPTION_CURRENT_KEY. Run it with the service's environment (its
 * DATABASE_URL and FIELD_ENCRYPTION_*). Each batch commits on its own; interrupted, it is
 * simply run again. Prints counts only.
 */
async function main(argv: string[]): Promise<number> {
  const service = option(argv, '--service');
  const batch = Number(option(argv, '--batch') ?? 500);
  if (service === undefined || !Number.isInteger(batch) || batch < 1) return fail(USAGE, 64);
  const declaration = ENCRYPTED_COLUMNS[service];
  if (declaration === undefined || declaration.length === 0) {
    print(`${service} declares no encrypted columns (tools/encrypted-columns.ts): nothing to do`);
    return 0;
  }
  const url = serviceDatabaseUrl(service);
  const cipher = new FieldCipher(loadSecurityConfig(process.env).fieldEncryption);
  const dryRun = argv.includes('--dry-run');
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    print(
      `${dryRun ? 'dry run: counting' : 'moving'} values of ${service} to key '${cipher.currentKeyId}'`,
    );
    const report = await reencryptColumns(pool, cipher, declaration, {
      batchSize: batch,
      dryRun,
      onBatch: (progress) => print(`  ${line(progress)}`),
    });
    for (const table of report.tables) print(`${dryRun ? 'would move' : 'moved'}: ${line(table)}`);
    return 0;
  } finally {
    await pool.end();
  }
}

function line(progress: ColumnProgress): string {
  const values = Object.entries(progress.values)
    .map(([column, count]) => `${column}=${count}`)
    .join(' ');
  const keys = Object.entries(progress.byOldKey)
    .map(([kid, count]) => `${kid}:${count}`)
    .join(' ');
  return `${progress.table}: ${progress.rows} row(s); values ${values || '-'}; from keys ${keys || '-'}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keys:reencrypt: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
