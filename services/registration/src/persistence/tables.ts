import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * Columns ending in `_enc` hold AES-256-GCM ciphertexts (FieldCipher, purpose = table.column);
 * columns ending in `_index` hold keyed HMACs (BlindIndex). Everything else is either an opaque
 * id, a code, or a value reporting needs in the clear (birth date for age bands, postcode and
 * NIS code for geography); docs/privacy.md lists each one and why.
 */

/** A household's case file ("dossier"). */
export const dossiers = pgTable(
  'dossiers',
  {
    id: uuid('id').primaryKey(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    streetEnc: text('street_enc'),
    houseNumberEnc: text('house_number_enc'),
    boxEnc: text('box_enc'),
    postcode: text('postcode'),
    nisCode: text('nis_code'),
    consent: jsonb('consent').notNull(),
    placement: jsonb('placement'),
    createdBy: text('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
  },
  (table) => [
    // One key, one dossier, per caller: a retried POST gets the dossier its first attempt made.
    uniqueIndex('dossiers_idempotency_key').on(table.createdBy, table.idempotencyKey),
    index('dossiers_closed_at')
      .on(table.closedAt)
      .where(sql`anonymised_at IS NULL`),
  ],
);

/** A member of a household; exactly one per dossier is the reference person. */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    position: integer('position').notNull(),
    isReference: boolean('is_reference').notNull(),
    /** False once removed from the household or when the dossier closes: frees its INSZ. */
    active: boolean('active').notNull().default(true),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    familyNamesEnc: text('family_names_enc'),
    givenNamesEnc: text('given_names_enc'),
    /** HMAC of the normalised names + birth date: search and duplicate detection. */
    nameBirthIndex: text('name_birth_index'),
    birthDate: text('birth_date'),
    gender: text('gender').notNull(),
    nationality: text('nationality'),
    inszEnc: text('insz_enc'),
    inszIndex: text('insz_index'),
    phonesEnc: text('phones_enc'),
    emailsEnc: text('emails_enc'),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    needs: jsonb('needs').notNull(),
    /** Kept when the birth date is erased, so reports still count the person. */
    ageBandAtAnonymisation: text('age_band_at_anonymisation'),
    verification: jsonb('verification').notNull(),
    education: jsonb('education'),
    courseOffers: jsonb('course_offers'),
    courseEnrolment: jsonb('course_enrolment'),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('persons_dossier').on(table.dossierId),
    // The same INSZ in two active persons is a duplicate registration: refused by the database
    // too, so two concurrent POSTs cannot both win.
    uniqueIndex('persons_insz_index')
      .on(table.inszIndex)
      .where(sql`active AND insz_index IS NOT NULL`),
    index('persons_name_birth_index').on(table.nameBirthIndex),
  ],
);

/** Every INSZ a person was known by, e.g. a BIS number later replaced by a national number. */
export const personInszHistory = pgTable('person_insz_history', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .references(() => persons.id),
  inszEnc: text('insz_enc'),
  inszIndex: text('insz_index'),
  replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
  reason: text('reason').notNull(),
});

/** The dossier's lifecycle: every status change and notable event, with who and why. */
export const dossierHistory = pgTable(
  'dossier_history',
  {
    id: uuid('id').primaryKey(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    event: text('event').notNull(),
    status: text('status').notNull(),
    detail: jsonb('detail'),
  },
  (table) => [index('dossier_history_dossier').on(table.dossierId)],
);

/** The data-quality work list: things a person must look at. Details name fields, never values. */
export const workItems = pgTable(
  'work_items',
  {
    id: uuid('id').primaryKey(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    personId: uuid('person_id').references(() => persons.id),
    kind: text('kind').notNull(),
    detail: jsonb('detail'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
  },
  (table) => [
    index('work_items_open')
      .on(table.createdAt)
      .where(sql`resolved_at IS NULL`),
    // One open question per dossier, person and kind (addWorkItem inserts ON CONFLICT DO NOTHING).
    // (A dossier-level item has no person: coalesce so that those count as equal too.)
    uniqueIndex('work_items_one_open_per_kind')
      .on(
        table.dossierId,
        sql`coalesce(${table.personId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        table.kind,
      )
      .where(sql`resolved_at IS NULL`),
  ],
);
