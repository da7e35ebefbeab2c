import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { OPENAPI_SCHEMAS } from './openapi-schemas';

/** A problem+json answer in the OpenAPI document. */
export const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: OPENAPI_SCHEMAS.Problem } },
  });

export const ifMatch = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'The ETag of the version the change is based on (412 when stale, 428 when missing).',
});
