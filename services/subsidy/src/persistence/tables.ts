import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * Subsidy holds no personal data: persons are registration's opaque ids, places and dossiers
 * likewise; the beneficiary is a local government's account (docs/subsidy.md, "Privacy").
 * Money columns are integer euro cents (bigint, read as JS numbers: safe up to 2^53).
 */

/** Daily amounts per place type, append-only: a change is a new row (domain/tariffs.ts). */
export const tariffs = pgTable(
  'tariffs',
  {
    id: uuid('id').primaryKey(),
    sequence: bigserial('sequence', { mode: 'number' }).notNull().unique(),
    placeType: text('place_type').notNull(),
    validFrom: text('valid_from').notNull(),
    dailyCents: integer('daily_cents').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
    note: text('note'),
  },
  (table) => [index('tariffs_place_type').on(table.placeType, table.validFrom)],
);

/** The account each municipality is paid into (one per NIS code). */
export const beneficiaries = pgTable('beneficiaries', {
  nisCode: text('nis_code').primaryKey(),
  name: text('name').notNull(),
  iban: text('iban').notNull(),
  bic: text('bic'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** Each person-stay at the highest revision housing reported (housing.occupancy.changed.v1). */
export const stays = pgTable(
  'stays',
  {
    stayId: uuid('stay_id').primaryKey(),
    revision: integer('revision').notNull(),
    placementId: uuid('placement_id').notNull(),
    dossierId: uuid('dossier_id').notNull(),
    personId: uuid('person_id').notNull(),
    personKnown: boolean('person_known').notNull(),
    placeId: uuid('place_id').notNull(),
    placeType: text('place_type').notNull(),
    nisCode: text('nis_code').notNull(),
    from: text('from_date').notNull(),
    to: text('to_date'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('stays_municipality').on(table.nisCode, table.from)],
);

/** Each person's latest verification as registration announced it. */
export const verifications = pgTable('verifications', {
  personId: uuid('person_id').primaryKey(),
  status: text('status').notNull(),
  referte: text('referte'),
  registerNisCode: text('register_nis_code'),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A municipality's claim (subsidiedossier) for one month; its content lives in versions. */
export const claims = pgTable(
  'claims',
  {
    id: uuid('id').primaryKey(),
    nisCode: text('nis_code').notNull(),
    period: text('period').notNull(),
    latestVersion: integer('latest_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('claims_municipality_period').on(table.nisCode, table.period)],
);

/** One calculation of a claim and its way through review and payment; never recalculated. */
export const claimVersions = pgTable(
  'claim_versions',
  {
    id: uuid('id').primaryKey(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    /** Bumped on every status change: the ETag, and the optimistic lock of If-Match. */
    revision: integer('revision').notNull().default(1),
    contentHash: text('content_hash').notNull(),
    includedLines: integer('included_lines').notNull(),
    excludedLines: integer('excluded_lines').notNull(),
    persons: integer('persons').notNull(),
    nights: integer('nights').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    calculatedAt: timestamp('calculated_at', { withTimezone: true }).notNull(),
    calculatedBy: text('calculated_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by'),
    reviewReason: text('review_reason'),
  },
  (table) => [uniqueIndex('claim_versions_claim_version').on(table.claimId, table.version)],
);

/** A version's lines as calculated: the evidence of every cent (segments hold the tariffs used). */
export const claimLines = pgTable(
  'claim_lines',
  {
    claimVersionId: uuid('claim_version_id')
      .notNull()
      .references(() => claimVersions.id),
    lineNo: integer('line_no').notNull(),
    stayId: uuid('stay_id').notNull(),
    personId: uuid('person_id').notNull(),
    dossierId: uuid('dossier_id').notNull(),
    placeId: uuid('place_id').notNull(),
    placeType: text('place_type').notNull(),
    stayFrom: text('stay_from').notNull(),
    stayTo: text('stay_to'),
    nights: integer('nights').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    included: boolean('included').notNull(),
    exclusionReason: text('exclusion_reason'),
    verification: jsonb('verification'),
    segments: jsonb('segments').notNull(),
  },
  (table) => [primaryKey({ columns: [table.claimVersionId, table.lineNo] })],
);

/** Who did what to which version, when: the claim's history, never rewritten. */
export const claimHistory = pgTable(
  'claim_history',
  {
    id: uuid('id').primaryKey(),
    claimVersionId: uuid('claim_version_id')
      .notNull()
      .references(() => claimVersions.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    event: text('event').notNull(),
    status: text('status').notNull(),
    detail: jsonb('detail'),
  },
  (table) => [index('claim_history_version').on(table.claimVersionId)],
);

/**
 * The payment saga's state: at most one payment order per claim version (primary key) and per
 * reference (unique), whatever is redelivered or replayed.
 */
export const payments = pgTable(
  'payments',
  {
    claimVersionId: uuid('claim_version_id')
      .primaryKey()
      .references(() => claimVersions.id),
    paymentReference: text('payment_reference').notNull(),
    status: text('status').notNull(),
    beneficiaryName: text('beneficiary_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    fileSequence: integer('file_sequence'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    executionDate: text('execution_date'),
    paidAmountCents: bigint('paid_amount_cents', { mode: 'number' }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    rejectionStage: text('rejection_stage'),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
  },
  (table) => [
    uniqueIndex('payments_reference').on(table.paymentReference),
    index('payments_open')
      .on(table.requestedAt)
      .where(sql`status IN ('aangevraagd', 'geaccepteerd')`),
  ],
);
