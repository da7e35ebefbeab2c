import { firstAnswer, issuesOf, text, type MagdaIssue, type Repliek } from '@toevlucht/magda';
import {
  INSZ_CHANGED_CODE,
  NOT_FOUND_CODES,
  PERMANENT_CODES,
  TRANSIENT_CODES,
} from '@toevlucht/magda';
import { toRegisteredPerson, type RegisteredPerson } from './person';

/**
 * What one GeefPersoon answer means. `retry` is for the breaker and the retry tiers (the source
 * is struggling); the others are final answers the adapter publishes.
 */
export type GeefPersoonOutcome =
  | { kind: 'found'; person: RegisteredPerson; notices: MagdaIssue[] }
  | { kind: 'not-found'; code: '30001' | '30101' }
  | { kind: 'insz-changed'; currentInsz: string }
  | { kind: 'failed'; code: string; origin: string; reason: string }
  | { kind: 'retry'; code: string; origin: string };

export interface GeefPersoonInhoud {
  readonly Persoon?: Record<string, unknown>;
}

/**
 * Reads a GeefPersoon Repliek. Order matters: a transient code anywhere means "ask again
 * later" even if a partial answer came along; then permanent and unknown errors (FOUT) fail
 * the lookup; not-found is an answer; a changed INSZ (30004, or a Persoon under another INSZ)
 * re-keys the person; warnings and notices (30042, 99984) ride along with a found person.
 */
export function interpretGeefPersoon(
  repliek: Repliek<GeefPersoonInhoud>,
  askedInsz: string,
): GeefPersoonOutcome {
  const issues = issuesOf(repliek);
  const transient = issues.find((issue) => TRANSIENT_CODES.has(issue.code));
  if (transient !== undefined)
    return { kind: 'retry', code: transient.code, origin: transient.origin };
  const notFound = issues.find((issue) => NOT_FOUND_CODES.has(issue.code));
  const persoon = firstAnswer(repliek)?.Inhoud?.Persoon;
  const changed = issues.find((issue) => issue.code === INSZ_CHANGED_CODE);
  const currentInsz = text(persoon?.['INSZ']);
  if (changed !== undefined || (currentInsz !== undefined && currentInsz !== askedInsz)) {
    if (currentInsz !== undefined && /^\d{11}$/.test(currentInsz) && currentInsz !== askedInsz)
      return { kind: 'insz-changed', currentInsz };
  }
  const error = issues.find(
    (issue) =>
      issue.type === 'FOUT' && !NOT_FOUND_CODES.has(issue.code) && issue.code !== INSZ_CHANGED_CODE,
  );
  if (error !== undefined) {
    return {
      kind: 'failed',
      code: error.code,
      origin: error.origin,
      reason: PERMANENT_CODES.has(error.code)
        ? describePermanent(error.code)
        : `MAGDA error ${error.code} from ${error.origin}`,
    };
  }
  if (notFound !== undefined)
    return { kind: 'not-found', code: notFound.code as '30001' | '30101' };
  if (persoon === undefined) {
    return {
      kind: 'failed',
      code: '00000',
      origin: 'adapter',
      reason: 'MAGDA answered without a person and without a reason',
    };
  }
  return { kind: 'found', person: toRegisteredPerson(persoon), notices: issues };
}

/** Fixed texts: a MAGDA Diagnose may quote the request, so it is never passed on. */
function describePermanent(code: string): string {
  switch (code) {
    case '20002':
      return 'The INSZ is not valid';
    case '30003':
      return 'The INSZ is unknown to the register';
    case '40006':
      return 'Not authorised for this question (capacity code)';
    case '60011':
    case '60013':
      return 'Access to the source is not configured for this consumer';
    case '13202':
      return 'The person is not registered in our repertorium (RegistreerInschrijving first)';
    default:
      return `MAGDA error ${code}`;
  }
}
