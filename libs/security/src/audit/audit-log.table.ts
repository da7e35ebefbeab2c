import { bigint, char, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained audit log of reads and writes of personal data. A service that
 * audits re-exports this table from its src/persistence/schema.ts (drizzle-kit then generates
 * it) and adds AUDIT_LOG_APPEND_ONLY_SQL in a custom migration. `seq` is assigned by
 * AuditTrail as previous + 1 under a lock, not by a sequence, which would leave gaps on
 * rollback that verification could not tell from deleted rows.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  /** The identity provider's opaque subject of the user, or a service's name for its own acts. */
  actor: text('actor').notNull(),
  role: text('role').notNull(),
  action: text('action').notNull(),
  /** Opaque ids of the dossiers and persons concerned (never an INSZ or a name). */
  subjectIds: text('subject_ids').array().notNull(),
  route: text('route').notNull(),
  purpose: text('purpose').notNull(),
  requestId: text('request_id'),
  prevHash: char('prev_hash', { length: 64 }).notNull(),
  hash: char('hash', { length: 64 }).notNull(),
});
