import type { Principal } from '../principal';
import { isRole, type Role } from '../roles';

const NIS_CODE = /^[1-9]\d{4}$/;

export interface ClaimSettings {
  readonly rolesClaim: string;
  readonly nisClaim: string;
}

export type ClaimsOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: 'missing-subject' | 'coordinator-without-nis' };

/**
 * Turns a verified token's claims into a Principal. Role strings we do not know are ignored
 * (the identity provider serves other applications too); a missing roles claim gives no roles.
 * A gemeentelijk-coordinator acts for one municipality, so its token must carry a valid NIS
 * code: without one the whole token is refused rather than silently losing the role.
 */
export function principalFromClaims(
  claims: Readonly<Record<string, unknown>>,
  settings: ClaimSettings,
): ClaimsOutcome {
  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject === '')
    return { ok: false, reason: 'missing-subject' };
  const roles = rolesFrom(claimAt(claims, settings.rolesClaim));
  const nisCode = nisCodeFrom(claimAt(claims, settings.nisClaim));
  if (roles.includes('gemeentelijk-coordinator') && nisCode === undefined) {
    return { ok: false, reason: 'coordinator-without-nis' };
  }
  const name = claims['name'];
  return {
    ok: true,
    principal: {
      subject,
      roles,
      ...(nisCode === undefined ? {} : { nisCode }),
      ...(typeof name === 'string' && name !== '' ? { name } : {}),
    },
  };
}

/**
 * The claim named `path`: the key itself when the token has it (claim names may contain dots,
 * e.g. URLs), otherwise the dotted path into nested objects (Keycloak's `realm_access.roles`).
 */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function rolesFrom(value: unknown): Role[] {
  const candidates = Array.isArray(value) ? (value as unknown[]) : [value];
  return [...new Set(candidates.filter(isRole))];
}

function nisCodeFrom(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  return typeof text === 'string' && NIS_CODE.test(text) ? text : undefined;
}
