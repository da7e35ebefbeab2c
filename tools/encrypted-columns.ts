import type { EncryptedColumns } from '@toevlucht/security';
import { HOUSING_ENCRYPTED_COLUMNS } from '../services/housing/src/persistence/encrypted-columns';
import { REGISTRATION_ENCRYPTED_COLUMNS } from '../services/registration/src/persistence/encrypted-columns';

/**
 * Which columns of each service's database hold field ciphertexts, for
 * `npm run keys:reencrypt -- --service <name>`. Each service declares its own in
 * services/<name>/src/persistence/encrypted-columns.ts and is added here.
 */
export const ENCRYPTED_COLUMNS: Readonly<Record<string, EncryptedColumns>> = {
  registration: REGISTRATION_ENCRYPTED_COLUMNS,
  housing: HOUSING_ENCRYPTED_COLUMNS,
};
