import type { EncryptedColumns } from '@toevlucht/security';
import { PURPOSES } from './personal-data-codec';

/** Every encrypted column of housing, for `npm run keys:reencrypt -- --service housing`. */
export const HOUSING_ENCRYPTED_COLUMNS: EncryptedColumns = [
  {
    table: 'offers',
    idColumn: 'id',
    columns: [
      { column: 'street_enc', purpose: PURPOSES.street },
      { column: 'house_number_enc', purpose: PURPOSES.houseNumber },
      { column: 'box_enc', purpose: PURPOSES.box },
      { column: 'offerer_name_enc', purpose: PURPOSES.offererName },
      { column: 'offerer_email_enc', purpose: PURPOSES.offererEmail },
      { column: 'offerer_phone_enc', purpose: PURPOSES.offererPhone },
      { column: 'remarks_enc', purpose: PURPOSES.remarks },
    ],
  },
  {
    table: 'offer_history',
    idColumn: 'id',
    columns: [{ column: 'reason_enc', purpose: PURPOSES.historyReason }],
  },
];
