import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';

/** What a service says about its own HTTP API; the rest of the document is the same for all. */
export interface ApiDescription {
  readonly title: string;
  readonly description: string;
}

/** A service's OpenAPI 3.1 document, from its controllers' decorators and the zod schemas. */
export function buildOpenApiDocument(app: INestApplication, api: ApiDescription): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(api.title)
    .setDescription(api.description)
    .setVersion('1')
    .setLicense('EUPL-1.2', 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The schemas are JSON Schema 2020-12 (from zod), OpenAPI 3.1's dialect.
  return { ...document, openapi: '3.1.0' };
}

/** Serves the document at /docs (UI) and /docs-json, both open (no token). */
export function openApiSetUp(api: ApiDescription): (app: INestApplication) => void {
  return (app) => {
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app, api), {
      jsonDocumentUrl: 'docs-json',
      yamlDocumentUrl: 'docs-yaml',
    });
  };
}

/** RFC 9457 problem details as every service renders them (ProblemDetailsFilter). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errorId: z.uuid(),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });

/**
 * A zod schema as an OpenAPI 3.1 schema: the same definitions that validate requests describe
 * them (JSON Schema 2020-12 is OpenAPI 3.1's dialect).
 */
export function toOpenApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}
