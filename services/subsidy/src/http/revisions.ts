import { problems } from '@toevlucht/runtime';

/** The strong ETag of a claim version's revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision a client read, from If-Match: required on every step (428 without), so nobody
 * submits or approves a version they have not seen in its current state. Compares strongly
 * (RFC 9110 §13.1.1): a weak validator never matches (412); a malformed one is a 400. The same
 * rule as registration's versions.ts, kept apart because a service never imports another.
 */
export function revisionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') throw problems.preconditionRequired();
  const value = ifMatch.trim();
  if (value.startsWith('W/')) throw problems.preconditionFailedWeak();
  const match = /^"(\d{1,9})"$/.exec(value);
  if (match?.[1] === undefined) {
    throw problems.validation([
      {
        field: 'header:If-Match',
        code: 'invalid-etag',
        message: 'must be the ETag of the claim version as returned, e.g. "3"',
      },
    ]);
  }
  return Number(match[1]);
}
