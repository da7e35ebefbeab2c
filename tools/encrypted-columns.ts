import type { EncryptedColumns } from '@toevlucht/security';

/**
 * Which columns of each service's database hold field ciphertexts, for
 * `npm run keys:reencrypt -- --service <name>`. Each service declares its own in
 * services/<name>/src/persistence/encrypted-columns.ts and is added here, e.g.
 *   import { REGISTRATION_ENCRYPTED_COLUMNS } from '../services/registration/src/persistence/encrypted-columns';
 *   registration: REGISTRATION_ENCRYPTED_COLUMNS,
 * No service encrypts anything yet.
 */
export const ENCRYPTED_COLUMNS: Readonly<Record<string, EncryptedColumns>> = {};
