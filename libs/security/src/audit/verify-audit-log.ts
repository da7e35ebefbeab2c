import type { Pool } from 'pg';
import { type AuditRecord, type ChainBreak, ChainVerifier } from './audit-chain';

export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditVerification {
  readonly intact: boolean;
  readonly checked: number;
  readonly head?: AuditAnchor;
  readonly break?: ChainBreak;
  /** When an anchor was given: whether the chain still holds that row with that hash. */
  readonly anchor?: { readonly seq: number; readonly matches: boolean };
}

interface Row {
  seq: string;
  occurred_at: Date;
  actor: string;
  role: string;
  action: string;
  subject_ids: string[];
  route: string;
  purpose: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * Walks audit_log in sequence order, in batches, and reports the first changed, inserted or
 * deleted row. An unkeyed hash chain cannot show rows cut from its end, nor a chain rewritten
 * from some row on: an `anchor` (a head seq and hash recorded elsewhere earlier, as printed by
 * audit:verify) catches both, since the chain must still pass through it.
 */
export async function verifyAuditLog(
  pool: Pool,
  options: { readonly batchSize?: number; readonly anchor?: AuditAnchor } = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1_000;
  const verifier = new ChainVerifier();
  let anchorMatches: boolean | undefined;
  let after = 0;
  for (;;) {
    const { rows } = await pool.query<Row>(
      `SELECT seq, occurred_at, actor, role, action, subject_ids, route, purpose, request_id, prev_hash, hash
         FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, batchSize],
    );
    for (const row of rows) {
      const record = toRecord(row);
      if (options.anchor !== undefined && record.seq === options.anchor.seq) {
        anchorMatches = record.hash === options.anchor.hash;
      }
      if (verifier.push(record) !== undefined)
        return finish(verifier, options.anchor, anchorMatches);
      after = record.seq;
    }
    if (rows.length < batchSize) return finish(verifier, options.anchor, anchorMatches);
  }
}

function finish(
  verifier: ChainVerifier,
  anchor: AuditAnchor | undefined,
  matches: boolean | undefined,
): AuditVerification {
  const result = verifier.result;
  if (anchor === undefined) return result;
  const anchorResult = { seq: anchor.seq, matches: matches === true };
  return { ...result, intact: result.intact && anchorResult.matches, anchor: anchorResult };
}

function toRecord(row: Row): AuditRecord {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    subjectIds: row.subject_ids,
    route: row.route,
    purpose: row.purpose,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
