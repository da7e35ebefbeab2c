import { issuesOf, type Repliek } from '@toevlucht/magda';
import { TRANSIENT_CODES } from '@toevlucht/magda';

export type RegistreerOutcome =
  | { kind: 'registered' }
  | { kind: 'refused'; code: string; origin: string }
  | { kind: 'retry'; code: string; origin: string };

/** RegistreerInschrijving: registered unless MAGDA reports an error (FOUT) at either level. */
export function interpretRegistreer(repliek: Repliek<unknown>): RegistreerOutcome {
  const issues = issuesOf(repliek);
  const transient = issues.find((issue) => TRANSIENT_CODES.has(issue.code));
  if (transient !== undefined)
    return { kind: 'retry', code: transient.code, origin: transient.origin };
  const error = issues.find((issue) => issue.type === 'FOUT');
  if (error !== undefined) return { kind: 'refused', code: error.code, origin: error.origin };
  return { kind: 'registered' };
}
