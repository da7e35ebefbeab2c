import { ConfigError } from '@toevlucht/config';
import { print } from './cli-options';
import { ENCRYPTED_COLUMNS } from './encrypted-columns';
import { runKeysReencrypt } from './keys/run-keys-reencrypt';

/**
 * `npm run keys:reencrypt -- --service registration [--batch 500] [--dry-run]`: moves every
 * ciphertext of the service's encrypted columns (tools/encrypted-columns.ts) that was made with
 * an old key to FIELD_ENCRYPTION_CURRENT_KEY. Run it with the service's environment (its
 * DATABASE_URL and FIELD_ENCRYPTION_*). Each batch commits on its own; interrupted, it is
 * simply run again. Prints counts only.
 */
runKeysReencrypt(process.argv.slice(2), {
  columns: ENCRYPTED_COLUMNS,
  env: process.env,
  print,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keys:reencrypt: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
