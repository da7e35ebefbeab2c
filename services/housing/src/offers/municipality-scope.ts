import { problems } from '@toevlucht/runtime';
import type { Principal } from '@toevlucht/security';

/**
 * Where a caller may act: a municipal coordinator in the municipality of their token's NIS
 * claim; a central validator, AgII staff and reporting everywhere (each only on the routes
 * its role may call).
 */
export type Scope =
  { readonly everywhere: true } | { readonly everywhere: false; readonly nisCode: string };

export function scopeOf(principal: Principal): Scope {
  const central: readonly string[] = ['centrale-validator', 'agii-medewerker', 'rapportering'];
  if (principal.roles.some((role) => central.includes(role))) {
    return { everywhere: true };
  }
  // The security guard refuses a coordinator token without a NIS claim; this is a second net.
  if (principal.nisCode === undefined)
    throw problems.forbidden('a coordinator token needs a NIS code');
  return { everywhere: false, nisCode: principal.nisCode };
}

export function inScope(scope: Scope, nisCode: string): boolean {
  return scope.everywhere || scope.nisCode === nisCode;
}

/**
 * Something outside the caller's municipality answers exactly as something that does not
 * exist: a coordinator learns nothing about other municipalities, not even that an id is real.
 */
export function notFoundOutside(scope: Scope, nisCode: string | undefined, what: string): void {
  if (nisCode === undefined || !inScope(scope, nisCode)) throw problems.notFound(what);
}
