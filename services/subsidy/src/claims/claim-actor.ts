import type { ClaimActor } from '../domain/claim-workflow';

/** Who may see and calculate a municipality's claims: its coordinators and central services. */
export function maySeeMunicipality(actor: ClaimActor, nisCode: string): boolean {
  if (actor.roles.includes('centrale-validator') || actor.roles.includes('beheerder')) return true;
  return actor.roles.includes('gemeentelijk-coordinator') && actor.nisCode === nisCode;
}

/** The municipality a coordinator is limited to; undefined for central services (all of them). */
export function municipalityScope(actor: ClaimActor): string | undefined {
  if (actor.roles.includes('centrale-validator') || actor.roles.includes('beheerder'))
    return undefined;
  return actor.nisCode ?? '-';
}
