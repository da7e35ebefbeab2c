import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: messages a service decided to publish, written in the same
 * transaction as the state change that caused them, published afterwards by the relay.
 * Every stateful service includes this table in its schema (src/persistence/schema.ts).
 */
export const outbox = pgTable(
  'outbox',
  {
    /** Publication order; also the per-aggregate order. */
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    /** The message id (CloudEvents id, AMQP message-id). */
    id: uuid('id').primaryKey(),
    exchange: text('exchange').notNull(),
    routingKey: text('routing_key').notNull(),
    /** The envelope's attributes (everything but the data). */
    headers: jsonb('headers').$type<Record<string, unknown>>().notNull(),
    payload: jsonb('payload').notNull(),
    aggregateKey: text('aggregate_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (table) => [
    index('outbox_unsent_idx')
      .on(table.seq)
      .where(sql`sent_at IS NULL`),
    index('outbox_sent_at_idx')
      .on(table.sentAt)
      .where(sql`sent_at IS NOT NULL`),
  ],
);

/** The inbox: which message each consumer (work queue) has already handled. */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    messageId: text('message_id').notNull(),
    messageType: text('message_type').notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.consumer, table.messageId] }),
    index('inbox_handled_at_idx').on(table.handledAt),
  ],
);
