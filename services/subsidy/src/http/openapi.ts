import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';

/** Subsidy's OpenAPI 3.1 document, from the controllers' decorators and the zod schemas. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Toevlucht subsidy')
    .setDescription(
      'Subsidy claims (subsidiedossiers) of municipalities for the displaced persons they house: calculation from verified occupancy, submission by the municipal coordinator, four-eyes approval by central services, payment through Orafin, CSV export for accounting; tariffs and beneficiary accounts. Every route needs an OIDC bearer token with a role that allows it (docs/subsidy.md); errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .setLicense('EUPL-1.2', 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return { ...document, openapi: '3.1.0' };
}

/** Serves the document at /docs (UI), /docs-json and /docs-yaml, open (no token). */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
