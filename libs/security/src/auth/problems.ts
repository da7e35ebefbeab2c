import {
  ForbiddenException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { FAILURE_DETAIL, type AuthenticationFailure } from './authentication-errors';

const PROBLEM_TYPE_BASE = 'https://toevlucht.dev/problems/';

/** 401 as an RFC 9457 body, which libs/runtime's ProblemDetailsFilter renders as it is. */
export function unauthenticated(reason: AuthenticationFailure): UnauthorizedException {
  return new UnauthorizedException({
    type: `${PROBLEM_TYPE_BASE}unauthenticated`,
    title: 'Unauthorized',
    status: 401,
    detail: FAILURE_DETAIL[reason],
  });
}

export function forbidden(why: 'role-not-allowed' | 'route-undeclared'): ForbiddenException {
  return new ForbiddenException({
    type: `${PROBLEM_TYPE_BASE}forbidden`,
    title: 'Forbidden',
    status: 403,
    detail:
      why === 'role-not-allowed'
        ? 'None of your roles may use this route.'
        : 'This route declares no roles, so it is closed to everyone.',
  });
}

export function authenticationUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    type: `${PROBLEM_TYPE_BASE}authentication-unavailable`,
    title: 'Service Unavailable',
    status: 503,
    detail: 'The bearer token cannot be checked now: the identity provider is unreachable.',
  });
}

/**
 * RFC 6750 §3: a request without credentials gets the challenge without an error code; a
 * token that does not authenticate gets `invalid_token`; a valid token lacking the role gets
 * `insufficient_scope` with the 403.
 */
export function bearerChallenge(
  error?: 'invalid_token' | 'insufficient_scope',
  description?: string,
): string {
  const parts = ['realm="toevlucht"'];
  if (error !== undefined) parts.push(`error="${error}"`);
  if (description !== undefined)
    parts.push(`error_description="${description.replace(/"/g, "'")}"`);
  return `Bearer ${parts.join(', ')}`;
}
