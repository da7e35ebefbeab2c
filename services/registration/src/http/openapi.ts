import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';

/** The gateway's OpenAPI 3.1 document, from the controllers' decorators and the zod schemas. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Toevlucht registration gateway')
    .setDescription(
      'The central dossier of displaced households for the AgII UI: registration, needs, identity verification, work list, placement requests and aggregate reporting. Every route needs an OIDC bearer token with a role that allows it (see docs/security.md); errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .setLicense('EUPL-1.2', 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The schemas are JSON Schema 2020-12 (from zod), OpenAPI 3.1's dialect.
  return { ...document, openapi: '3.1.0' };
}

/** Serves the document at /docs (UI) and /docs-json, both open (no token). */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
