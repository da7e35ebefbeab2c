import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/** Request bodies larger than this are refused with 413; dossiers are a few KB. */
export const DEFAULT_BODY_LIMIT = '256kb';

/** JSON bodies (also `application/*+json`, e.g. merge-patch), up to `limit`. */
export function jsonBodyParser(limit = DEFAULT_BODY_LIMIT): RequestHandler {
  return express.json({ limit, type: ['application/json', 'application/*+json'], strict: true });
}

const PARSER_PROBLEMS: Record<
  string,
  { status: number; type: string; title: string; detail: string }
> = {
  'entity.parse.failed': {
    status: 400,
    type: 'malformed-json',
    title: 'Bad Request',
    detail: 'the request body is not valid JSON',
  },
  'entity.too.large': {
    status: 413,
    type: 'payload-too-large',
    title: 'Content Too Large',
    detail: 'the request body is larger than this endpoint accepts',
  },
  'encoding.unsupported': {
    status: 415,
    type: 'unsupported-encoding',
    title: 'Unsupported Media Type',
    detail: 'the request body uses an unsupported content encoding',
  },
  'charset.unsupported': {
    status: 415,
    type: 'unsupported-charset',
    title: 'Unsupported Media Type',
    detail: 'the request body uses an unsupported charset',
  },
};

/**
 * Body-parser failures happen before Nest routes the request, so its exception filters never
 * see them and Express would answer with an HTML page: this renders them as problem+json. The
 * parser's message is not echoed (it can quote the body).
 */
export const bodyParserErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  const type = (error as { type?: unknown }).type;
  const problem = typeof type === 'string' ? PARSER_PROBLEMS[type] : undefined;
  if (problem === undefined) {
    next(error);
    return;
  }
  response
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://toevlucht.dev/problems/${problem.type}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: request.originalUrl.split('?')[0],
      errorId: randomUUID(),
    });
};
