import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Counter, Registry } from 'prom-client';
import { LOGGER, type Logger, setRequestActor } from '@toevlucht/observability';
import type { Principal } from '../principal';
import { declarationOf, decideAccess, type DeclarationMetadata } from './access-decision';
import {
  AuthenticationError,
  type AuthenticationFailure,
  AuthenticationUnavailableError,
} from './authentication-errors';
import { attachPrincipal, PUBLIC_METADATA, ROLES_METADATA } from './decorators';
import { authenticationUnavailable, bearerChallenge, forbidden, unauthenticated } from './problems';
import { TokenVerifier } from './token-verifier';

/** Controllers open to all without a declaration (health, metrics): see SecurityModule. */
export const OPEN_CONTROLLERS = Symbol('OPEN_CONTROLLERS');

// The scheme is case-insensitive (RFC 7235 §2.1); the token is a compact JWS.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;

/**
 * The global guard (APP_GUARD): deny by default. Every HTTP route must declare `@Roles(...)`
 * or `@Public()`; a roles route needs a verified bearer token holding one of the roles. Message
 * handlers are not guarded here: the broker's per-service users are their boundary.
 * The token is never logged, not even in part.
 */
@Injectable()
export class SecurityGuard implements CanActivate {
  private readonly refusals: Counter<'status' | 'reason'>;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Inject(OPEN_CONTROLLERS) private readonly openControllers: ReadonlySet<Type<unknown>>,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.refusals = new Counter({
      name: 'toevlucht_http_access_refused_total',
      help: 'HTTP requests refused by the security guard, by status and reason',
      labelNames: ['status', 'reason'],
      registers: [registry],
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const controller = context.getClass();
    if (this.openControllers.has(controller)) return true;
    const handler = context.getHandler();
    const route = `${controller.name}.${handler.name}`;
    const declaration = declarationOf(this.metadataOf(handler), this.metadataOf(controller));
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    let principal: Principal | undefined;
    if (declaration.kind === 'roles') {
      principal = await this.authenticate(request, response, route);
      attachPrincipal(request, principal);
      setRequestActor({ subject: principal.subject, roles: principal.roles });
    }
    const decision = decideAccess(declaration, principal);
    switch (decision.outcome) {
      case 'allow':
        return true;
      case 'authenticate':
        // Not reached: authenticate() above has thrown when there is no principal.
        throw this.refuseUnauthenticated(response, 'missing-token', route);
      case 'forbid':
        this.refusals.inc({ status: '403', reason: decision.why });
        this.logger.info({ route, reason: decision.why }, 'request forbidden');
        if (decision.why === 'role-not-allowed') {
          response.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
        }
        throw forbidden(decision.why);
    }
  }

  private async authenticate(
    request: Request,
    response: Response,
    route: string,
  ): Promise<Principal> {
    const header = request.header('authorization');
    if (header === undefined || header.trim() === '') {
      throw this.refuseUnauthenticated(response, 'missing-token', route);
    }
    const match = BEARER.exec(header.trim());
    if (match === null) throw this.refuseUnauthenticated(response, 'malformed-header', route);
    try {
      return await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw this.refuseUnauthenticated(response, error.reason, route);
      }
      if (error instanceof AuthenticationUnavailableError) {
        this.refusals.inc({ status: '503', reason: 'keys-unavailable' });
        this.logger.warn({ route, err: error.cause }, 'identity provider keys unavailable');
        throw authenticationUnavailable();
      }
      throw error;
    }
  }

  private refuseUnauthenticated(response: Response, reason: AuthenticationFailure, route: string) {
    this.refusals.inc({ status: '401', reason });
    this.logger.info({ route, reason }, 'request not authenticated');
    response.setHeader(
      'WWW-Authenticate',
      reason === 'missing-token' ? bearerChallenge() : bearerChallenge('invalid_token'),
    );
    return unauthenticated(reason);
  }

  private metadataOf(target: object): DeclarationMetadata {
    const roles = this.reflector.get<DeclarationMetadata['roles']>(ROLES_METADATA, target as never);
    const isPublic = this.reflector.get<boolean | undefined>(PUBLIC_METADATA, target as never);
    return {
      ...(roles === undefined ? {} : { roles }),
      ...(isPublic === undefined ? {} : { isPublic }),
    };
  }
}
