import type { Principal } from '../principal';
import type { Role } from '../roles';

/** What a route says about who may call it. */
export type RouteDeclaration =
  | { readonly kind: 'public' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  | { readonly kind: 'undeclared' }
  | { readonly kind: 'conflicting' };

export interface DeclarationMetadata {
  readonly isPublic?: boolean;
  readonly roles?: readonly Role[];
}

/**
 * A route's declaration from its method's and its controller's metadata: the method's own
 * declaration wins over the controller's. `@Roles()` with no role, or `@Public()` together with
 * `@Roles(...)` on the same method or class, is a mistake, never an opening.
 */
export function declarationOf(
  method: DeclarationMetadata,
  controller: DeclarationMetadata,
): RouteDeclaration {
  const own = levelDeclaration(method);
  return own.kind === 'undeclared' ? levelDeclaration(controller) : own;
}

function levelDeclaration(level: DeclarationMetadata): RouteDeclaration {
  const isPublic = level.isPublic === true;
  const roles = level.roles;
  if (isPublic && roles !== undefined) return { kind: 'conflicting' };
  if (isPublic) return { kind: 'public' };
  if (roles !== undefined && roles.length > 0) return { kind: 'roles', roles };
  return { kind: 'undeclared' };
}

export type AccessDecision =
  | { readonly outcome: 'allow' }
  /** The route needs a token and the request has none that authenticates: 401. */
  | { readonly outcome: 'authenticate' }
  /** Authenticated, but none of the caller's roles may use this route; or the route is undeclared: 403. */
  | { readonly outcome: 'forbid'; readonly why: 'role-not-allowed' | 'route-undeclared' };

/**
 * Deny by default. A public route is open; a route naming roles needs a principal holding at
 * least one of them; every other route (no declaration, or a conflicting one) is refused even
 * to an authenticated caller: forgetting to declare a route must never open it.
 */
export function decideAccess(
  declaration: RouteDeclaration,
  principal: Principal | undefined,
): AccessDecision {
  switch (declaration.kind) {
    case 'public':
      return { outcome: 'allow' };
    case 'undeclared':
    case 'conflicting':
      return { outcome: 'forbid', why: 'route-undeclared' };
    case 'roles':
      if (principal === undefined) return { outcome: 'authenticate' };
      return principal.roles.some((role) => declaration.roles.includes(role))
        ? { outcome: 'allow' }
        : { outcome: 'forbid', why: 'role-not-allowed' };
  }
}
