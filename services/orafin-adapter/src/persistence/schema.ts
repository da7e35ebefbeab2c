/**
 * The orafin-adapter database schema, the input of drizzle-kit (`npm run db:generate`). Every table
 * the service owns is exported from here; migrations are generated from it and committed.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export { inbox, outbox } from '@toevlucht/messaging';

/**
 * The payment-order ledger: every order, recorded before anything about it leaves the adapter.
 * The reference (12-digit structured reference) and the idempotency key are each unique, so the
 * same order can be recorded, batched and paid only once.
 */
export const paymentOrders = pgTable(
  'payment_orders',
  {
    reference: text('reference').primaryKey(),
    submittedReference: text('submitted_reference').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    requester: text('requester').notNull(),
    beneficiaryName: text('beneficiary_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    communication: text('communication').notNull(),
    /** See payment-orders/domain/order-status.ts. */
    status: text('status').notNull(),
    /** The InFile the order is in, once cut into one; never changes after that. */
    batchSequence: integer('batch_sequence'),
    reasonCode: text('reason_code'),
    reason: text('reason'),
    executionDate: text('execution_date'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('payment_orders_pending_idx')
      .on(table.createdAt)
      .where(sql`${table.status} = 'pending'`),
    index('payment_orders_batch_idx').on(table.batchSequence),
  ],
);

/**
 * One row per InFile, with its exact content: a file is written once and, if its upload has to
 * be repeated, re-sent byte for byte under the same name.
 */
export const paymentBatches = pgTable('payment_batches', {
  sequence: integer('sequence').primaryKey(),
  fileName: text('file_name').notNull().unique(),
  /** prepared (written, maybe uploaded) → uploaded → answered (its OutFile was read). */
  status: text('status').notNull(),
  recordCount: integer('record_count').notNull(),
  totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
  content: text('content').notNull(),
  uploadAttempts: integer('upload_attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
});

/**
 * Every OutFile and BetFile read, with its content (the archive the adapter answers for). A
 * file recorded as processed is never applied again; one recorded as invalid is read again only
 * when its content changes.
 */
export const receivedFiles = pgTable('received_files', {
  fileName: text('file_name').primaryKey(),
  kind: text('kind').notNull(),
  sequence: integer('sequence').notNull(),
  /** processed | invalid */
  outcome: text('outcome').notNull(),
  detail: text('detail'),
  contentSha256: text('content_sha256').notNull(),
  content: text('content').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
