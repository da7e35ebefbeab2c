import type { Actor, AuditEntry } from '@toevlucht/security';

/** An audit entry for an act on offers' personal data (the offerer and the address). */
export function offerAudit(
  actor: Actor,
  action: string,
  subjectIds: readonly string[],
  purpose: string,
): AuditEntry {
  return {
    actor: actor.subject,
    role: actor.role,
    action,
    subjectIds,
    route: actor.route,
    purpose,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  };
}
