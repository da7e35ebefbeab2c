import { problems } from './problems';

/** The strong ETag of a resource version (an integer that grows by one per change). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version a client read, from If-Match: required on every change (428 without it), so a
 * client that never read the resource cannot overwrite someone else's change by accident.
 */
export function versionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') throw problems.preconditionRequired();
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
  if (match?.[1] === undefined) throw problems.preconditionFailed(0);
  return Number(match[1]);
}
