import { sql } from 'drizzle-orm';
import {
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
 * transaction as the state change that caused them. Every stateful service includes this table
 * in its schema. The relay that publishes and marks rows is built in the messaging backbone
 * (issue "Messaging backbone"); until then nothing writes here.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    exchange: text('exchange').notNull(),
    routingKey: text('routing_key').notNull(),
    headers: jsonb('headers').$type<Record<string, unknown>>().notNull(),
    payload: jsonb('payload').notNull(),
    aggregateKey: text('aggregate_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (table) => [index('outbox_unsent_idx').on(table.createdAt).where(sqlUnsent())],
);

/** The inbox: which message each consumer has already handled, for exactly-once effects. */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    messageId: text('message_id').notNull(),
    messageType: text('message_type').notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumer, table.messageId] })],
);

function sqlUnsent() {
  return sql`sent_at IS NULL`;
}
