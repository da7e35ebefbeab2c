import { problems } from '@toevlucht/runtime';

/** The strong ETag of a claim version's revision. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision a client read, from If-Match: required on every step (428 without), so nobody
 * submits or approves a version they have not seen in its current state.
 */
export function revisionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') throw problems.preconditionRequired();
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
  if (match?.[1] === undefined) throw problems.preconditionFailed(0);
  return Number(match[1]);
}
