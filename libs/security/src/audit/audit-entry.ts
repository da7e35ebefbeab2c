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
