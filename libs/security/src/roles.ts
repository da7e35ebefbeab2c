/**
 * The roles of the platform (BRIEF §6). A token may carry other role strings (an identity
 * provider serves many applications); those are ignored, never an error.
 */
export const ROLES = [
  'agii-medewerker',
  'centrale-validator',
  'gemeentelijk-coordinator',
  'rapportering',
  'beheerder',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
