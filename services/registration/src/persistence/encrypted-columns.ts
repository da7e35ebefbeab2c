import type { EncryptedColumns } from '@toevlucht/security';
import { PURPOSES } from './personal-data-codec';

/** Every encrypted column of registration, for `npm run keys:reencrypt -- --service registration`. */
export const REGISTRATION_ENCRYPTED_COLUMNS: EncryptedColumns = [
  {
    table: 'dossiers',
    idColumn: 'id',
    columns: [
      { column: 'street_enc', purpose: PURPOSES.street },
      { column: 'house_number_enc', purpose: PURPOSES.houseNumber },
      { column: 'box_enc', purpose: PURPOSES.box },
    ],
  },
  {
    table: 'persons',
    idColumn: 'id',
    columns: [
      { column: 'family_names_enc', purpose: PURPOSES.familyNames },
      { column: 'given_names_enc', purpose: PURPOSES.givenNames },
      { column: 'insz_enc', purpose: PURPOSES.insz },
      { column: 'phones_enc', purpose: PURPOSES.phones },
      { column: 'emails_enc', purpose: PURPOSES.emails },
    ],
  },
  {
    table: 'person_insz_history',
    idColumn: 'id',
    columns: [{ column: 'insz_enc', purpose: PURPOSES.historyInsz }],
  },
];
