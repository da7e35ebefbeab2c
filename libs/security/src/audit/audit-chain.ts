import { createHash } from 'node:crypto';

/** The hash the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** A row of audit_log as stored, in the shape both writing and verifying hash. */
export interface AuditRecord {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly subjectIds: readonly string[];
  readonly route: string;
  readonly purpose: string;
  readonly requestId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedRecord = Omit<AuditRecord, 'hash'>;

export const CANONICAL_PREFIX = 'toevlucht-audit:v1:';

/**
 * The canonical serialisation a row's hash covers: every field in a fixed order, as a JSON
 * array (unambiguous: a field cannot leak into its neighbour), the time in ISO-8601 UTC with
 * milliseconds, behind a format version. Written as prefix + `["<seq>",<body>,"<prevHash>"]`
 * (which is exactly that JSON array), so the database can put the two head-dependent fields
 * around a body serialised here (AuditTrail).
 */
export function canonicalForm(record: UnhashedRecord): string {
  return `${CANONICAL_PREFIX}[${JSON.stringify(String(record.seq))},${canonicalBody(record)},${JSON.stringify(record.prevHash)}]`;
}

/** The fields between seq and prevHash, comma-separated as inside the JSON array. */
export function canonicalBody(record: Omit<UnhashedRecord, 'seq' | 'prevHash'>): string {
  return JSON.stringify([
    record.occurredAt.toISOString(),
    record.actor,
    record.role,
    record.action,
    [...record.subjectIds],
    record.route,
    record.purpose,
    record.requestId,
  ]).slice(1, -1);
}

export function hashOf(record: UnhashedRecord): string {
  return createHash('sha256').update(canonicalForm(record), 'utf8').digest('hex');
}

/** The next rows of the chain after `head` (undefined when the log is empty). */
export function chainRecords(
  head: { readonly seq: number; readonly hash: string } | undefined,
  entries: readonly Omit<UnhashedRecord, 'seq' | 'prevHash'>[],
): AuditRecord[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return entries.map((entry) => {
    seq += 1;
    const unhashed: UnhashedRecord = { ...entry, seq, prevHash };
    const record = { ...unhashed, hash: hashOf(unhashed) };
    prevHash = record.hash;
    return record;
  });
}

export type ChainBreak =
  /** The row's fields no longer give its hash, or its link was rewritten. */
  | { readonly kind: 'changed'; readonly seq: number }
  /** Rows are missing: `seq` is the first missing sequence number. */
  | { readonly kind: 'deleted'; readonly seq: number }
  /** A row that was never written by the chain sits at `seq` (the rows after it were renumbered). */
  | { readonly kind: 'inserted'; readonly seq: number };

/**
 * Walks the chain one row at a time, in sequence order, holding only the last two rows, so the
 * verification of a large log streams. Reports the first break; what follows a break is not
 * judged (one tampering breaks every later link).
 */
export class ChainVerifier {
  private previous: AuditRecord | undefined;
  private beforePrevious: AuditRecord | undefined;
  private checked = 0;
  private broken: ChainBreak | undefined;

  /** Feeds the next row; returns the break when this row reveals one. */
  push(record: AuditRecord): ChainBreak | undefined {
    if (this.broken !== undefined) return this.broken;
    const found = this.judge(record);
    if (found !== undefined) {
      this.broken = found;
      return found;
    }
    this.checked += 1;
    this.beforePrevious = this.previous;
    this.previous = record;
    return undefined;
  }

  get result(): {
    readonly intact: boolean;
    readonly checked: number;
    readonly head?: { readonly seq: number; readonly hash: string };
    readonly break?: ChainBreak;
  } {
    return {
      intact: this.broken === undefined,
      checked: this.checked,
      ...(this.previous === undefined
        ? {}
        : { head: { seq: this.previous.seq, hash: this.previous.hash } }),
      ...(this.broken === undefined ? {} : { break: this.broken }),
    };
  }

  private judge(record: AuditRecord): ChainBreak | undefined {
    const expectedSeq = (this.previous?.seq ?? 0) + 1;
    if (record.seq > expectedSeq) return { kind: 'deleted', seq: expectedSeq };
    if (record.seq < expectedSeq) return { kind: 'inserted', seq: record.seq };
    const expectedPrev = this.previous?.hash ?? GENESIS_HASH;
    if (record.prevHash !== expectedPrev) {
      // This row still links to the row before the previous one: the previous row was slipped
      // in between them, and the rows from there on renumbered.
      const skipped =
        this.beforePrevious?.hash ?? (this.previous === undefined ? undefined : GENESIS_HASH);
      if (this.previous !== undefined && record.prevHash === skipped) {
        return { kind: 'inserted', seq: this.previous.seq };
      }
      return { kind: 'changed', seq: record.seq };
    }
    if (hashOf(record) !== record.hash) return { kind: 'changed', seq: record.seq };
    return undefined;
  }
}
