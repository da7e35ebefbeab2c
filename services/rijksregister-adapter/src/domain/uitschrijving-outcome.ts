import { issuesOf, type Repliek } from '@toevlucht/magda';
import { TRANSIENT_CODES } from '@toevlucht/magda';

/** MAGDA: the person is not in our repertorium (for a deregistration: nothing left to end). */
export const NOT_IN_REPERTORIUM_CODE = '13202';

export type UitschrijvingOutcome =
  | { kind: 'unregistered' }
  | { kind: 'not-registered' }
  | { kind: 'refused'; code: string; origin: string }
  | { kind: 'retry'; code: string; origin: string };

/**
 * RegistreerUitschrijving: unregistered unless MAGDA reports an error (FOUT) at either level.
 * "Not in the repertorium" is the state the command asks for, so it is not a refusal: a
 * redelivered command whose first delivery already reached MAGDA must not be parked.
 */
export function interpretUitschrijving(repliek: Repliek<unknown>): UitschrijvingOutcome {
  const issues = issuesOf(repliek);
  const transient = issues.find((issue) => TRANSIENT_CODES.has(issue.code));
  if (transient !== undefined)
    return { kind: 'retry', code: transient.code, origin: transient.origin };
  const errors = issues.filter((issue) => issue.type === 'FOUT');
  const refusal = errors.find((issue) => issue.code !== NOT_IN_REPERTORIUM_CODE);
  if (refusal !== undefined) return { kind: 'refused', code: refusal.code, origin: refusal.origin };
  return errors.length > 0 ? { kind: 'not-registered' } : { kind: 'unregistered' };
}
