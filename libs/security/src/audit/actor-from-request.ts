import type { Request } from 'express';
import { currentRequestContext } from '@toevlucht/observability';
import type { Principal } from '../principal';
import type { Role } from '../roles';
import type { Actor } from './actor';

/**
 * The audit identity of an HTTP caller: token subject, the role that let them in (the first of
 * theirs the route allows), and the route template, never the concrete URL.
 */
export function actorFrom(principal: Principal, request: Request, allowed: readonly Role[]): Actor {
  const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
  const role = principal.roles.find((r) => allowed.includes(r)) ?? principal.roles[0] ?? 'none';
  const requestId = currentRequestContext()?.requestId;
  return {
    subject: principal.subject,
    role,
    route: `${request.method} ${route}`,
    ...(requestId === undefined ? {} : { requestId }),
  };
}
