import { sql } from 'drizzle-orm';
import { PreparedStatement } from '@toevlucht/persistence';

const param = (name: string) => PreparedStatement.param(name);

/*
 * The statements of POST /dossiers, registration's busiest write: prepared once (PostgreSQL
 * keeps their plans per connection), and few, since each is a round trip made while the
 * transaction holds its connection. Lists of rows travel as one JSON array each
 * (`jsonb_to_recordset`), so one statement text serves any number of members.
 */

/** Active persons holding one of the INSZ, and active persons sharing a name and birth date. */
export const FIND_ACTIVE_MATCHES = new PreparedStatement<{
  by: 'insz' | 'name-birth';
  index: string;
  dossier_id: string;
  person_id: string;
}>(
  'registration_find_active_matches',
  sql`SELECT 'insz' AS by, insz_index AS index, dossier_id, id AS person_id FROM persons
  WHERE insz_index = ANY(${param('inszIndexes')}::text[]) AND active AND insz_index IS NOT NULL
UNION ALL
SELECT 'name-birth', name_birth_index, dossier_id, id FROM persons
  WHERE name_birth_index = ANY(${param('nameBirthIndexes')}::text[]) AND active`,
);

/**
 * The dossier, its members, its first history entry and its work items, in one statement. The
 * foreign keys between them are checked at the end of the statement, when all rows exist.
 */
export const INSERT_REGISTERED_DOSSIER = new PreparedStatement<{
  version: number;
  created_at: string;
  updated_at: string;
}>(
  'registration_insert_registered_dossier',
  sql`WITH dossier AS (
  INSERT INTO dossiers (id, status, street_enc, house_number_enc, box_enc, postcode, nis_code,
    consent, created_by, idempotency_key, request_hash)
  VALUES (${param('id')}::uuid, 'open', ${param('streetEnc')}, ${param('houseNumberEnc')},
    ${param('boxEnc')}, ${param('postcode')}, ${param('nisCode')}, ${param('consent')}::jsonb,
    ${param('createdBy')}, ${param('idempotencyKey')}, ${param('requestHash')})
  RETURNING version, created_at, updated_at
), members AS (
  INSERT INTO persons (id, dossier_id, position, is_reference, family_names_enc, given_names_enc,
    name_birth_index, birth_date, gender, nationality, insz_enc, insz_index, phones_enc,
    emails_enc, languages, needs, verification, flags)
  SELECT id, ${param('id')}::uuid, position, is_reference, family_names_enc, given_names_enc,
    name_birth_index, birth_date, gender, nationality, insz_enc, insz_index, phones_enc,
    emails_enc, languages, needs, verification, flags
  FROM jsonb_to_recordset(${param('members')}::jsonb) AS member(id uuid, position integer,
    is_reference boolean, family_names_enc text, given_names_enc text, name_birth_index text,
    birth_date text, gender text, nationality text, insz_enc text, insz_index text,
    phones_enc text, emails_enc text, languages text[], needs jsonb, verification jsonb,
    flags text[])
), history AS (
  INSERT INTO dossier_history (id, dossier_id, actor, event, status)
  VALUES (${param('historyId')}::uuid, ${param('id')}::uuid, ${param('createdBy')}, 'registered', 'open')
), items AS (
  INSERT INTO work_items (id, dossier_id, person_id, kind, detail)
  SELECT id, ${param('id')}::uuid, person_id, kind, detail
  FROM jsonb_to_recordset(${param('workItems')}::jsonb)
    AS item(id uuid, person_id uuid, kind text, detail jsonb)
  ON CONFLICT DO NOTHING
)
SELECT version, created_at, updated_at FROM dossier`,
);
