import { HttpException } from '@nestjs/common';
import type { ProblemDetails } from './problem-details.filter';

const BASE = 'https://toevlucht.dev/problems/';

/** One invalid field of a request: a JSON pointer into the body, a stable code, a readable text. */
export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/**
 * An HTTP error that is already an RFC 9457 problem document; the ProblemDetailsFilter renders
 * it as it is. `type` is a slug under https://toevlucht.dev/problems/ that clients can switch on.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    type: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    const body: ProblemDetails = {
      type: `${BASE}${type}`,
      title,
      status,
      ...(detail === undefined ? {} : { detail }),
      ...extensions,
    };
    super(body, status);
  }
}

export const problems = {
  validation: (errors: readonly FieldProblem[]) =>
    new ProblemException(
      400,
      'validation-failed',
      'Validation Failed',
      `${errors.length} field(s) are invalid: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
      { errors },
    ),
  notFound: (what: string) =>
    new ProblemException(404, 'not-found', 'Not Found', `${what} does not exist`),
  conflict: (type: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new ProblemException(409, type, 'Conflict', detail, extensions),
  preconditionRequired: () =>
    new ProblemException(
      428,
      'precondition-required',
      'Precondition Required',
      'send the If-Match header with the ETag of the version you read',
    ),
  preconditionFailed: (currentVersion: number) =>
    new ProblemException(
      412,
      'stale-version',
      'Precondition Failed',
      'the resource changed since you read it: read it again and reapply your change',
      { currentEtag: `"${currentVersion}"` },
    ),
  preconditionFailedWeak: () =>
    new ProblemException(
      412,
      'weak-etag',
      'Precondition Failed',
      'If-Match compares strongly: send the ETag exactly as returned, without W/',
    ),
  forbidden: (detail: string) => new ProblemException(403, 'forbidden', 'Forbidden', detail),
  unprocessable: (type: string, detail: string) =>
    new ProblemException(422, type, 'Unprocessable Content', detail),
};
