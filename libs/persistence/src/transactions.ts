import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import {
  type NodePgClient,
  type NodePgDatabase,
  type NodePgQueryResultHKT,
  NodePgSession,
  NodePgTransaction,
} from 'drizzle-orm/node-postgres';
import { PgDialect, type PgTransaction } from 'drizzle-orm/pg-core';
import { Pool, type PoolClient } from 'pg';

export type Database = NodePgDatabase<Record<string, unknown>>;

/** A transaction handle: what repositories write with, and what the outbox joins. */
export type Transaction = PgTransaction<
  NodePgQueryResultHKT,
  Record<string, unknown>,
  ExtractTablesWithRelations<Record<string, unknown>>
>;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

const dialect = new PgDialect();

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
 *
 * It begins and ends the transaction itself (on a connection of its own from the pool), rather
 * than through drizzle's `transaction()`: that way the statements queued with `atCommit` and
 * the COMMIT go out as one string and end the transaction, with no further round trip.
 */
export class TransactionRunner {
  private readonly client: NodePgClient;

  /** `db` as `drizzle(pool)` makes it: the runner takes its connections from that pool. */
  constructor(db: Database & { readonly $client: NodePgClient }) {
    this.client = db.$client;
  }

  async run<T>(
    work: (tx: Transaction) => Promise<T>,
    isolationLevel: IsolationLevel = 'read committed',
  ): Promise<T> {
    const pooled = this.client instanceof Pool;
    const connection = this.client instanceof Pool ? await this.client.connect() : this.client;
    const tx: Transaction = new NodePgTransaction(
      dialect,
      new NodePgSession(connection, dialect, undefined),
      undefined,
    );
    const hooks: (() => void)[] = [];
    const finals: string[] = [];
    committedHooks.set(tx, hooks);
    finalStatements.set(tx, finals);
    let broken: Error | undefined;
    let result: T;
    try {
      await tx.execute(sql.raw(`BEGIN ISOLATION LEVEL ${isolationLevel.toUpperCase()}`));
      try {
        result = await work(tx);
        // The queued statements and the COMMIT in one string. If a queued statement fails,
        // PostgreSQL skips the rest of the string (the COMMIT too) and the transaction is
        // rolled back below.
        await tx.execute(sql.raw([...finals, 'COMMIT'].join(';\n')));
      } catch (error) {
        await tx.execute(sql.raw('ROLLBACK')).catch((rollbackFailed: unknown) => {
          // The connection is unusable: the pool must not hand it out again.
          broken = rollbackFailed instanceof Error ? rollbackFailed : new Error('rollback failed');
        });
        throw error;
      }
    } finally {
      if (pooled) (connection as PoolClient).release(broken);
    }
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
