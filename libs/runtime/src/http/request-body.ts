import type { z } from 'zod';
import { problems, type FieldProblem } from './problems';

/**
 * Validates a request body against its zod schema; every problem becomes a field error whose
 * `field` is a JSON pointer into the body. Zod's messages describe the expectation, never the
 * received value, so they are safe to return (and to log).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({
    field: `/${issue.path.map(String).join('/')}`,
    code: issue.code === 'unrecognized_keys' ? 'unknown-field' : issue.code.replace(/_/g, '-'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.message,
  }));
  throw problems.validation(errors);
}
