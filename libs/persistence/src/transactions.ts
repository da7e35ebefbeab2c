import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
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

// Statement strings to send with the COMMIT of a transaction begun by a TransactionRunner.
const finalStatements = new WeakMap<Transaction, string[]>();

/**
 * Sends `statements` (a simple-protocol string: several statements, no bind parameters) as the
 * very last work of `tx`, in the same round trip as its COMMIT; if they fail, the transaction
 * rolls back as if `work` had thrown. For work that must come last and holds a lock until the
 * commit (the audit append): with the COMMIT in the same string, nothing that holds the lock
 * waits for this process's event loop. Returns false when `tx` was not begun by a
 * TransactionRunner (or is a savepoint inside one); the caller then runs the statements itself.
 */
export function atCommit(tx: Transaction, statements: string): boolean {
  const queued = finalStatements.get(tx);
  if (queued === undefined) return false;
  queued.push(statements);
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
    const finals: string[] = [];
    const result = await this.db.transaction(
      async (tx) => {
        committedHooks.set(tx, hooks);
        finalStatements.set(tx, finals);
        const value = await work(tx);
        if (finals.length > 0) {
          // The queued statements, the real COMMIT, and a BEGIN that opens an empty transaction
          // for drizzle's own COMMIT to close (no WAL flush, no "no transaction" warning). If a
          // queued statement fails, PostgreSQL skips the rest of the string and drizzle rolls
          // the transaction back.
          await tx.execute(sql.raw(`${finals.join(';\n')};\nCOMMIT;\nBEGIN`));
        }
        return value;
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
