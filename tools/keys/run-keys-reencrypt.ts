import { Pool } from 'pg';
import {
  type ColumnProgress,
  type EncryptedColumns,
  FieldCipher,
  loadSecurityConfig,
  reencryptColumns,
} from '@toevlucht/security';
import { option } from '../cli-options';
import { serviceDatabaseUrl } from '../service-database';

export const USAGE =
  'usage: npm run keys:reencrypt -- --service <name> [--batch <rows, default 500>] [--dry-run]';

export interface KeysReencryptContext {
  readonly columns: Readonly<Record<string, EncryptedColumns>>;
  readonly env: NodeJS.ProcessEnv;
  readonly print: (line: string) => void;
}

/**
 * The work of `npm run keys:reencrypt`, apart from the process (so it is tested with its own
 * column map and environment). Returns the exit code; throws ConfigError on bad configuration.
 */
export async function runKeysReencrypt(
  argv: readonly string[],
  context: KeysReencryptContext,
): Promise<number> {
  const service = option(argv, '--service');
  const batch = Number(option(argv, '--batch') ?? 500);
  if (service === undefined || !Number.isInteger(batch) || batch < 1) {
    context.print(USAGE);
    return 64;
  }
  const declaration = context.columns[service];
  if (declaration === undefined || declaration.length === 0) {
    context.print(
      `${service} declares no encrypted columns (tools/encrypted-columns.ts): nothing to do`,
    );
    return 0;
  }
  const url = serviceDatabaseUrl(service, context.env);
  const cipher = new FieldCipher(loadSecurityConfig(context.env).fieldEncryption);
  const dryRun = argv.includes('--dry-run');
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    context.print(
      `${dryRun ? 'dry run: counting' : 'moving'} values of ${service} to key '${cipher.currentKeyId}'`,
    );
    const report = await reencryptColumns(pool, cipher, declaration, {
      batchSize: batch,
      dryRun,
      onBatch: (progress) => context.print(`  so far: ${line(progress)}`),
    });
    for (const table of report.tables) {
      context.print(`${dryRun ? 'would move' : 'moved'}: ${line(table)}`);
    }
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
