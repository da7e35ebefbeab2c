import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '@toevlucht/persistence';
import { currentRequestContext } from '@toevlucht/observability';
import { type AuditEntry, assertAuditable } from './audit-entry';
import { chainRecords } from './audit-chain';
import { auditLog } from './audit-log.table';

// One key per database (each service has its own), distinct from the migration lock's.
export const AUDIT_LOCK_KEY = 7_467_263_502;

/**
 * Appends to the audit log inside the caller's transaction, so an act on personal data and its
 * audit row commit or vanish together. Appends are serialised by a transaction-scoped advisory
 * lock: each row needs the previous row's hash and the next sequence number, so two
 * transactions appending at once would fork the chain. The lock is held until the caller's
 * transaction ends: audit as late as possible in it, and keep auditing transactions short,
 * since every auditing transaction of the service queues behind it.
 *
 * Needs READ COMMITTED (TransactionRunner's default): the head is read by a statement after the
 * lock is granted, so it sees the previous holder's committed row. Under REPEATABLE READ or
 * SERIALIZABLE the snapshot can predate the lock; a concurrent append then fails the
 * transaction on the `seq` primary key (retry it), it never forks the chain.
 */
export class AuditTrail {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async record(tx: Transaction | Database, entry: AuditEntry): Promise<void> {
    await this.recordMany(tx, [entry]);
  }

  async recordMany(tx: Transaction | Database, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) assertAuditable(entry);
    if (!isTransaction(tx)) {
      // Outside a transaction the lock would be released before the insert.
      await tx.transaction((inner) => this.recordMany(inner, entries));
      return;
    }
    const head = await lockAndReadHead(tx);
    const occurredAt = this.clock();
    const requestId = currentRequestContext()?.requestId;
    const records = chainRecords(
      head,
      entries.map((entry) => ({
        occurredAt,
        actor: entry.actor,
        role: entry.role,
        action: entry.action,
        subjectIds: [...entry.subjectIds],
        route: entry.route,
        purpose: entry.purpose,
        requestId: entry.requestId ?? requestId ?? null,
      })),
    );
    await tx
      .insert(auditLog)
      .values(records.map((record) => ({ ...record, subjectIds: [...record.subjectIds] })));
  }
}

// Two statements in one simple-protocol round trip (no parameters, so PostgreSQL accepts
// several): the lock, then the head. Under READ COMMITTED each statement of the string takes its
// own snapshot, so the head is read after the lock is granted and sees the previous holder's
// committed row, exactly as two separate round trips would; one round trip less is one less
// inside the critical section that every auditing transaction queues on.
const LOCK_AND_READ_HEAD = sql.raw(
  `SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}); ` +
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
);

async function lockAndReadHead(
  tx: Transaction,
): Promise<{ seq: number; hash: string } | undefined> {
  // pg hands bigint over as a string.
  const results = (await tx.execute(LOCK_AND_READ_HEAD)) as unknown as {
    rows: { seq: string; hash: string }[];
  }[];
  const row = results[1]?.rows[0];
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

function isTransaction(handle: Transaction | Database): handle is Transaction {
  return typeof (handle as Partial<Transaction>).rollback === 'function';
}
