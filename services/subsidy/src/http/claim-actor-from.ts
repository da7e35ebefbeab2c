import type { Principal } from '@toevlucht/security';
import type { ClaimActor } from '../domain/claim-workflow';

/** The workflow's view of the caller: subject, roles, and the municipality of a coordinator. */
export function claimActorOf(principal: Principal): ClaimActor {
  return {
    subject: principal.subject,
    roles: principal.roles,
    ...(principal.nisCode === undefined ? {} : { nisCode: principal.nisCode }),
  };
}
