import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { runWithRequestContext } from '../logging/request-context';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Express middleware that gives every request an id (the caller's `x-request-id` when it is
 * well-formed, a new UUID otherwise), echoes it in the response, runs the rest of the request
 * inside that context so logs carry it, and records the request's duration by route template.
 */
export function requestObservability(
  duration: Histogram<'method' | 'route' | 'status_code'>,
): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const offered = request.header('x-request-id');
    const requestId = offered !== undefined && REQUEST_ID.test(offered) ? offered : randomUUID();
    const offeredCorrelation = request.header('x-correlation-id');
    const correlationId =
      offeredCorrelation !== undefined && REQUEST_ID.test(offeredCorrelation)
        ? offeredCorrelation
        : requestId;
    response.setHeader('x-request-id', requestId);
    const stopTimer = duration.startTimer();
    response.on('finish', () => {
      stopTimer({
        method: request.method,
        // The route template, never the raw path: paths carry ids and would explode cardinality.
        route: routeTemplate(request),
        status_code: String(response.statusCode),
      });
    });
    const offeredTrace = request.header('traceparent');
    const traceparent =
      offeredTrace !== undefined && TRACEPARENT.test(offeredTrace) ? offeredTrace : undefined;
    runWithRequestContext(
      { requestId, correlationId, ...(traceparent === undefined ? {} : { traceparent }) },
      next,
    );
  };
}

function routeTemplate(request: Request): string {
  const route: unknown = (request as { route?: unknown }).route;
  const path =
    typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
}
