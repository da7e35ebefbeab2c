import type { WorkflowRefusal } from '../domain/claim-workflow';

export type ClaimErrorCode =
  | WorkflowRefusal
  | 'CLAIM.NOT_FOUND'
  | 'CLAIM.STALE'
  | 'CLAIM.PERIOD_NOT_ENDED'
  | 'CLAIM.IN_PROGRESS'
  | 'CLAIM.NO_BENEFICIARY';

/** A refusal of a claim use case; the HTTP edge maps each code to a problem (claim-problems.ts). */
export class ClaimError extends Error {
  constructor(
    readonly code: ClaimErrorCode,
    message: string,
    readonly currentRevision?: number,
  ) {
    super(message);
    this.name = 'ClaimError';
  }
}
