import type { Role } from './roles';

/**
 * Who is calling, as taken from a verified token. `subject` is the identity provider's opaque
 * id of the user and is what logs and the audit log carry as the actor. `name` is personal
 * data: shown to the user at most, never logged or audited.
 */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The municipality (5-digit NIS code) a gemeentelijk-coordinator acts for. */
  readonly nisCode?: string;
  readonly name?: string;
}
