import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../principal';
import type { Role } from '../roles';

export const ROLES_METADATA = 'toevlucht:security:roles';
export const PUBLIC_METADATA = 'toevlucht:security:public';

/** The roles that may call a route (on a method) or every route of a controller (on a class). */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return SetMetadata(ROLES_METADATA, roles);
}

/** A route anyone may call without a token (e.g. a public intake form). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_METADATA, true);
}

const PRINCIPAL = Symbol('toevlucht.principal');

export function attachPrincipal(request: Request, principal: Principal): void {
  (request as unknown as Record<symbol, Principal>)[PRINCIPAL] = principal;
}

/** The authenticated caller of a request; undefined on a public route. */
export function principalOf(request: Request): Principal | undefined {
  return (request as unknown as Record<symbol, Principal | undefined>)[PRINCIPAL];
}

/**
 * The authenticated caller, as a handler parameter: `@CurrentPrincipal() principal: Principal`.
 * On a `@Public()` route there is none and the parameter is undefined.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    principalOf(context.switchToHttp().getRequest<Request>()),
);
