import { ProblemException, problems } from '@toevlucht/runtime';
import { ClaimError, type ClaimErrorCode } from '../claims/claim-errors';

/** Every claim refusal as its HTTP problem; the switch is exhaustive over the codes. */
export function problemFor(error: ClaimError): ProblemException {
  const code: ClaimErrorCode = error.code;
  const slug = code.toLowerCase().replace(/[._]/g, '-');
  switch (code) {
    case 'CLAIM.NOT_FOUND':
      return problems.notFound('the claim or version');
    case 'CLAIM.STALE':
      return problems.preconditionFailed(error.currentRevision ?? 0);
    case 'CLAIM.OTHER_MUNICIPALITY':
    case 'CLAIM.ROLE_NOT_ALLOWED':
    case 'CLAIM.FOUR_EYES':
      return new ProblemException(403, slug, 'Forbidden', error.message, { code });
    case 'CLAIM.WRONG_STATUS':
    case 'CLAIM.IN_PROGRESS':
      return new ProblemException(409, slug, 'Conflict', error.message, { code });
    case 'CLAIM.PERIOD_NOT_ENDED':
    case 'CLAIM.NOTHING_TO_CLAIM':
    case 'CLAIM.NO_BENEFICIARY':
      return new ProblemException(422, slug, 'Unprocessable Content', error.message, { code });
  }
}

/** Runs a use case and turns its refusals into problems; anything else stays a 500. */
export async function mapClaimErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ClaimError) throw problemFor(error);
    throw error;
  }
}
