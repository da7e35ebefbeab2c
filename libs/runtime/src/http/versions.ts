import { problems } from './problems';

/** The strong ETag of a resource version (an integer that grows by one per change). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version a client read, from If-Match: required on every change (428 without it), so a
 * client that never read the resource cannot overwrite someone else's change by accident.
 * If-Match compares strongly (RFC 9110 §13.1.1): a weak validator never matches (412).
 */
export function versionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') throw problems.preconditionRequired();
  const value = ifMatch.trim();
  if (value.startsWith('W/')) throw problems.preconditionFailedWeak();
  const match = /^"(\d{1,9})"$/.exec(value);
  if (match?.[1] === undefined) {
    throw problems.validation([
      {
        field: 'header:If-Match',
        code: 'invalid-etag',
        message: 'must be the ETag of the resource as returned, e.g. "3"',
      },
    ]);
  }
  return Number(match[1]);
}
