import { sql } from 'drizzle-orm';
import { escapeLiteral } from 'pg';
import { atCommit, type Database, type Transaction } from '@toevlucht/persistence';
import { currentRequestContext } from '@toevlucht/observability';
import { type AuditEntry, assertAuditable } from './audit-entry';
import { CANONICAL_PREFIX, canonicalBody, GENESIS_HASH } from './audit-chain';

// One key per database (each service has its own), distinct from the migration lock's.
export const AUDIT_LOCK_KEY = 7_467_263_502;

/**
 * Appends to the audit log inside the caller's transaction, so an act on personal data and its
 * audit row commit or vanish together. Appends are serialised by a transaction-scoped advisory
 * lock: each row needs the previous row's hash and the next sequence number, so two
 * transactions appending at once would fork the chain. The lock is held until the caller's
 * transaction ends, and every auditing transaction of the service queues behind it.
 *
 * So the critical section is kept inside PostgreSQL: in a TransactionRunner's transaction the
 * entries are appended at its end, the lock, the head reads, the chained inserts and the COMMIT
 * in one statement string (`atCommit`, `appendSql`); nothing holding the lock waits for a round
 * trip or this process's event loop. (Elsewhere, e.g. in a savepoint, they are appended at
 * once, lock included, and the lock is held to that transaction's end.) The rows are therefore
 * not readable inside the transaction that wrote them.
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
    const occurredAt = this.clock();
    const requestId = currentRequestContext()?.requestId;
    const append = appendSql(
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
    // In a TransactionRunner's transaction the append goes out with the COMMIT, so the lock is
    // taken at the very end and released by the same statement string; otherwise now.
    if (atCommit(tx, append)) return;
    await tx.execute(sql.raw(append));
  }
}

/** An entry as appended: everything but what the database fills in around it. */
type UnchainedRow = Parameters<typeof canonicalBody>[0];

/**
 * The lock, then one INSERT per entry, as one simple-protocol statement string (PostgreSQL
 * accepts several statements only without bind parameters, so the values are escaped
 * literals). Under READ COMMITTED every statement of the string takes its own snapshot, so each
 * INSERT reads the head after the lock is granted (the previous holder's committed row, or this
 * string's own previous INSERT). The database fills in only seq and prevHash: the rest of the
 * canonical form is serialised here by `canonicalBody`, the same function verification uses,
 * and the database's sha256 over prefix + `["<seq>",<body>,"<prevHash>"]` is exactly `hashOf`
 * of the stored row (libs/security's integration tests verify every row with the JS verifier).
 */
function appendSql(rows: readonly UnchainedRow[]): string {
  const statements = rows.map((row) => {
    const subjects =
      row.subjectIds.length === 0
        ? `'{}'::text[]`
        : `ARRAY[${row.subjectIds.map(escapeLiteral).join(',')}]::text[]`;
    return `INSERT INTO audit_log (seq, occurred_at, actor, role, action, subject_ids, route, purpose, request_id, prev_hash, hash)
SELECT next.seq, ${escapeLiteral(row.occurredAt.toISOString())}::timestamptz, ${escapeLiteral(row.actor)}, ${escapeLiteral(row.role)},
  ${escapeLiteral(row.action)}, ${subjects}, ${escapeLiteral(row.route)}, ${escapeLiteral(row.purpose)},
  ${row.requestId === null ? 'NULL' : escapeLiteral(row.requestId)}, next.prev_hash,
  encode(sha256(convert_to(${escapeLiteral(`${CANONICAL_PREFIX}["`)} || next.seq || ${escapeLiteral(`",${canonicalBody(row)},"`)} || next.prev_hash || '"]', 'UTF8')), 'hex')
FROM (SELECT coalesce(head.seq, 0) + 1 AS seq, coalesce(head.hash, '${GENESIS_HASH}') AS prev_hash
      FROM (SELECT 1) AS one
      LEFT JOIN (SELECT seq, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1) AS head ON true) AS next`;
  });
  return [`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`, ...statements].join(';\n');
}

function isTransaction(handle: Transaction | Database): handle is Transaction {
  return typeof (handle as Partial<Transaction>).rollback === 'function';
}
