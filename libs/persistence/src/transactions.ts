import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { NodePgDatabase, NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';

export type Database = NodePgDatabase<Record<string, unknown>>;

/** A transaction handle: what repositories write with and, later, what the outbox joins. */
export type Transaction = PgTransaction<
  NodePgQueryResultHKT,
  Record<string, unknown>,
  ExtractTablesWithRelations<Record<string, unknown>>
>;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/**
 * Runs work in one database transaction: committed when `work` resolves, rolled back when
 * it throws. Repositories take the Transaction it hands them, so that a state change and the
 * messages it causes (the outbox) commit or vanish together.
 */
export class TransactionRunner {
  constructor(private readonly db: Database) {}

  run<T>(
    work: (tx: Transaction) => Promise<T>,
    isolationLevel: IsolationLevel = 'read committed',
  ): Promise<T> {
    return this.db.transaction(work, { isolationLevel });
  }
}
