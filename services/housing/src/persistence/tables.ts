import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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
 * `duplicate_index` a keyed HMAC (BlindIndex). Everything else is an opaque id, a code, a count
 * or a date: docs/housing.md lists the personal fields and why each is kept.
 */

/** A housing offer (huisvestingsaanbod) and where it is in its workflow. */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    channel: text('channel').notNull(),
    type: text('type').notNull(),
    capacity: integer('capacity').notNull(),
    availableFrom: date('available_from', { mode: 'string' }).notNull(),
    availableUntil: date('available_until', { mode: 'string' }),
    accessible: boolean('accessible').notNull(),
    postcode: text('postcode').notNull(),
    nisCode: text('nis_code').notNull(),
    streetEnc: text('street_enc').notNull(),
    houseNumberEnc: text('house_number_enc').notNull(),
    boxEnc: text('box_enc'),
    offererNameEnc: text('offerer_name_enc').notNull(),
    offererEmailEnc: text('offerer_email_enc'),
    offererPhoneEnc: text('offerer_phone_enc'),
    remarksEnc: text('remarks_enc'),
    /** HMAC of the normalised address and offerer: finds possible duplicates without plaintext. */
    duplicateIndex: text('duplicate_index').notNull(),
    possibleDuplicateOf: uuid('possible_duplicate_of')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: text('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('offers_reference').on(table.reference),
    uniqueIndex('offers_idempotency_key').on(table.createdBy, table.idempotencyKey),
    index('offers_nis_status').on(table.nisCode, table.status),
    index('offers_duplicate_index').on(table.duplicateIndex),
    check('offers_capacity_positive', sql`${table.capacity} >= 1`),
  ],
);

/** Every transition of an offer: who (opaque subject and role), when, from, to and why. */
export const offerHistory = pgTable(
  'offer_history',
  {
    id: uuid('id').primaryKey(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** Free text from a person: may name someone, so encrypted. */
    reasonEnc: text('reason_enc'),
  },
  (table) => [index('offer_history_offer').on(table.offerId, table.at)],
);

/**
 * A reception place (opvangplaats) made from an available offer. `occupants` never exceeds
 * `capacity`: the CHECK is the guarantee; the placement's conditional UPDATE only avoids
 * hitting it.
 */
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    nisCode: text('nis_code').notNull(),
    type: text('type').notNull(),
    capacity: integer('capacity').notNull(),
    occupants: integer('occupants').notNull().default(0),
    accessible: boolean('accessible').notNull(),
    /** `open` takes placements; `withdrawn` and `closed` do not. */
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('places_offer').on(table.offerId),
    index('places_open')
      .on(table.nisCode)
      .where(sql`status = 'open'`),
    check(
      'places_occupants_within_capacity',
      sql`${table.occupants} >= 0 AND ${table.occupants} <= ${table.capacity}`,
    ),
  ],
);

/** A household waiting for, or given, a place: what registration's request said. */
export const placementRequests = pgTable('placement_requests', {
  dossierId: uuid('dossier_id').primaryKey(),
  requester: text('requester').notNull(),
  householdSize: integer('household_size').notNull(),
  /** [{personId, ageBand}] by registration's opaque ids; no identities. */
  members: jsonb('members').notNull(),
  preferredNisCodes: text('preferred_nis_codes').array().notNull(),
  needsAccessibility: boolean('needs_accessibility').notNull(),
  /** `waiting`, `placed`, or `closed` once registration closed the dossier. */
  status: text('status').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A household in a place from `from` until `to` (exclusive; null while it lives there). */
export const placements = pgTable(
  'placements',
  {
    id: uuid('id').primaryKey(),
    dossierId: uuid('dossier_id').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id),
    persons: integer('persons').notNull(),
    from: date('from', { mode: 'string' }).notNull(),
    to: date('to', { mode: 'string' }),
    endReason: text('end_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A household lives in one place at a time, also when two assignments race.
    uniqueIndex('placements_one_active_per_dossier')
      .on(table.dossierId)
      .where(sql`"to" IS NULL`),
    index('placements_place').on(table.placeId),
    check('placements_period', sql`${table.to} IS NULL OR ${table.to} >= ${table.from}`),
  ],
);

/** One person's stay in one place: the occupancy history subsidy counts nights from. */
export const stays = pgTable(
  'stays',
  {
    id: uuid('id').primaryKey(),
    placementId: uuid('placement_id')
      .notNull()
      .references(() => placements.id),
    dossierId: uuid('dossier_id').notNull(),
    personId: uuid('person_id').notNull(),
    personKnown: boolean('person_known').notNull(),
    ageBand: text('age_band'),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id),
    placeType: text('place_type').notNull(),
    nisCode: text('nis_code').notNull(),
    from: date('from', { mode: 'string' }).notNull(),
    to: date('to', { mode: 'string' }),
    revision: integer('revision').notNull().default(1),
  },
  (table) => [
    index('stays_nis_period').on(table.nisCode, table.from),
    index('stays_person').on(table.personId),
    index('stays_placement').on(table.placementId),
    check('stays_period', sql`${table.to} IS NULL OR ${table.to} >= ${table.from}`),
  ],
);

/**
 * Municipal coordinators, by the identity provider's subject. An active one holds seat 1 or 2
 * of its municipality; the partial unique index is what makes "at most two" hold under races.
 */
export const coordinators = pgTable(
  'coordinators',
  {
    id: uuid('id').primaryKey(),
    subject: text('subject').notNull(),
    nisCode: text('nis_code').notNull(),
    seat: integer('seat'),
    active: boolean('active').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('coordinators_active_seat')
      .on(table.nisCode, table.seat)
      .where(sql`active`),
    uniqueIndex('coordinators_active_subject')
      .on(table.subject)
      .where(sql`active`),
    check(
      'coordinators_seat',
      sql`(${table.active} AND ${table.seat} BETWEEN 1 AND 2) OR (NOT ${table.active} AND ${table.seat} IS NULL)`,
    ),
  ],
);
