/**
 * One audited act on personal data. Never holds personal data itself: the actor is the
 * identity provider's opaque subject, the subjects are our own opaque ids (dossier and person
 * UUIDs, never an INSZ or a name).
 */
export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly action:
    'read' | 'create' | 'update' | 'close' | 'delete' | 'anonymise' | 'export' | (string & {});
  readonly subjectIds: readonly string[];
  /** The route template (`GET /dossiers/:id`) or message type; never a concrete path with ids. */
  readonly route: string;
  /** Why: the purpose of the processing (e.g. `dossier-management`, `subsidy-calculation`). */
  readonly purpose: string;
  readonly requestId?: string;
}

// The shapes that must never reach the audit log: an INSZ (bare or formatted) or an e-mail
// address. Opaque ids (UUIDs) cannot match: the INSZ pattern needs 11 digits not touching
// other letters or digits.
const INSZ_SHAPED = /(?<![\w.])\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}(?!\w)/;
const EMAIL_SHAPED = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** An audit entry carried something shaped like personal data; the message names the field only. */
export class AuditEntryRejectedError extends Error {
  constructor(readonly field: string) {
    super(
      `Audit entry field '${field}' looks like personal data (an INSZ or e-mail address); audit opaque ids only`,
    );
    this.name = 'AuditEntryRejectedError';
  }
}

/**
 * Refuses an entry with an empty required field or with an INSZ- or e-mail-shaped value: the
 * audit log is append-only, so personal data written there could never be erased again.
 */
export function assertAuditable(entry: AuditEntry): void {
  const fields: [string, readonly string[]][] = [
    ['actor', [entry.actor]],
    ['role', [entry.role]],
    ['action', [entry.action]],
    ['subjectIds', entry.subjectIds],
    ['route', [entry.route]],
    ['purpose', [entry.purpose]],
    ['requestId', entry.requestId === undefined ? [] : [entry.requestId]],
  ];
  for (const [field, values] of fields) {
    if (field !== 'subjectIds' && field !== 'requestId' && values.every((value) => value === '')) {
      throw new Error(`Audit entry field '${field}' is empty`);
    }
    if (values.some((value) => INSZ_SHAPED.test(value) || EMAIL_SHAPED.test(value))) {
      throw new AuditEntryRejectedError(field);
    }
  }
}
