import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { NodePgDatabase, NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';

export type Database = NodePgDatabase<Record<string, unknown>>;

/** A transaction handle: what repositories write with, and what the outbox joins. */
export type Transaction = PgTransaction<
  NodePgQueryResultHKT,
  Record<string, unknown>,
  ExtractTablesWithRelations<Record<string, unknown>>
>;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

// Callbacks to run once a transaction begun by a TransactionRunner has committed.
const committedHooks = new WeakMap<Transaction, (() => void)[]>();

/**
 * Runs `callback` after `tx` commits (never if it rolls back). Returns false when `tx` was not
 * begun by a TransactionRunner, so the caller can fall back to another way of being told.
 */
export function afterCommit(tx: Transaction, callback: () => void): boolean {
  const hooks = committedHooks.get(tx);
  if (hooks === undefined) return false;
  hooks.push(callback);
  return true;
}

/**
 * Runs work in one database transaction: committed when `work` resolves, rolled back when
 * it throws. Repositories take the Transaction it hands them, so that a state change and the
 * messages it causes (the outbox) commit or vanish together.
 */
export class TransactionRunner {
  constructor(private readonly db: Database) {}

  async run<T>(
    work: (tx: Transaction) => Promise<T>,
    isolationLevel: IsolationLevel = 'read committed',
  ): Promise<T> {
    const hooks: (() => void)[] = [];
    const result = await this.db.transaction(
      (tx) => {
        committedHooks.set(tx, hooks);
        return work(tx);
      },
      { isolationLevel },
    );
    // A hook is a nudge (wake the outbox relay), never part of the work: it cannot fail the
    // transaction that already committed.
    for (const hook of hooks) {
      try {
        hook();
      } catch {
        // Nothing to undo; the hook's owner has its own fallback (the relay polls).
      }
    }
    return result;
  }
}
