import { randomUUID } from 'node:crypto';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isConnectionUnavailable } from '@toevlucht/persistence';
import { type Observable, throwError } from 'rxjs';

/** An RFC 9457 problem document, the only shape our HTTP errors take. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

const PROBLEM_TYPE_BASE = 'https://toevlucht.dev/problems/';
/** Seconds a client is asked to wait after a 503; short, since a busy pool frees up quickly. */
const RETRY_AFTER_S = 1;

/**
 * Turns every error leaving a controller into `application/problem+json`. HttpExceptions keep
 * their status and (when they carry one) their problem body; anything else is a 500 whose
 * detail says nothing about the cause (which is logged, redacted, under the request id), except
 * that no database connection in time is a 503 with Retry-After: a burst to wait out, which a
 * client may retry (with its Idempotency-Key where it has one).
 * Errors from message handlers pass through untouched: Nest's default RPC filter would turn
 * them into `{ status: 'error' }`, and the transport needs the original to decide between a
 * retry and the parking lot (a PermanentMessageError parks at once).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Message handlers share the app's filters; their errors go back to the transport as they
    // are, which decides between retry and the parking lot.
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // Every problem gets an id of its own, logged with it, so a user's screenshot leads to the
    // log line (the request id groups a request's lines; the error id names this answer).
    const problem = { ...this.toProblem(exception, request), errorId: randomUUID() };
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, status: problem.status, errorId: problem.errorId },
        'request failed',
      );
    } else {
      this.logger.info(
        { status: problem.status, errorId: problem.errorId, problemType: problem.type },
        'request refused',
      );
    }
    if (isConnectionUnavailable(exception))
      response.setHeader('Retry-After', String(RETRY_AFTER_S));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const instance = request.originalUrl.split('?')[0];
    if (isConnectionUnavailable(exception)) {
      return {
        type: `${PROBLEM_TYPE_BASE}service-unavailable`,
        title: 'Service Unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: 'The service is too busy to take this request now; try again shortly.',
        instance,
      };
    }
    if (!(exception instanceof HttpException)) {
      return {
        type: `${PROBLEM_TYPE_BASE}internal-error`,
        title: 'Internal Server Error',
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail:
          'The request could not be completed. Quote the x-request-id header when reporting it.',
        instance,
      };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
      return { ...(body as ProblemDetails), status, instance };
    }
    const title = httpTitle(status);
    const message: unknown =
      typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return {
      type: `${PROBLEM_TYPE_BASE}${slug(title)}`,
      title,
      status,
      detail: Array.isArray(message)
        ? message.map(String).join('; ')
        : typeof message === 'string'
          ? message
          : exception.message,
      instance,
    };
  }
}

function httpTitle(status: number): string {
  const name = HttpStatus[status];
  if (name === undefined) return `HTTP ${status}`;
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
