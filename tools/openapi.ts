import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Global, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Inbox, Outbox } from '@toevlucht/messaging';
import { LOGGER } from '@toevlucht/observability';
import { DATABASE, PG_POOL, TransactionRunner } from '@toevlucht/persistence';
import { Registry } from 'prom-client';
import { stringify } from 'yaml';
import { buildOpenApiDocument, findProjectRoot } from '@toevlucht/runtime';
import { REGISTRATION_API } from '../services/registration/src/http/openapi';
import { loadRegistrationSettings } from '../services/registration/src/registration.config';
import { registrationModule } from '../services/registration/src/registration.module';

/**
 * `npm run openapi:export` writes contracts/openapi/registration.yaml from the gateway's
 * controllers; `npm run openapi:check` (part of npm test) fails when the committed file differs,
 * so the published contract cannot drift from the code. Nest's preview mode builds the module
 * graph without instantiating providers: no database, broker or identity provider needed.
 */
/**
 * The registration module with the runtime's providers (database, outbox, inbox) as
 * placeholders: preview mode resolves the graph but never builds a provider.
 */
function documentationModule(): Type<unknown> {
  const runtime = [TransactionRunner, Outbox, Inbox, PG_POOL, DATABASE, LOGGER, Registry];
  @Global()
  @Module({
    providers: runtime.map((token) => ({ provide: token, useValue: null })),
    exports: runtime,
  })
  class RuntimePlaceholders {}
  @Module({ imports: [RuntimePlaceholders, registrationModule(loadRegistrationSettings({}))] })
  class DocumentationModule {}
  return DocumentationModule;
}

async function main(command: string | undefined): Promise<number> {
  const root = findProjectRoot();
  const file = join(root, 'contracts/openapi/registration.yaml');
  const app = await NestFactory.create(documentationModule(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const yaml = stringify(buildOpenApiDocument(app, REGISTRATION_API), {
    lineWidth: 0,
    sortMapEntries: false,
  });
  await app.close();
  if (command === 'export') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, yaml);
    process.stdout.write(`wrote ${file}\n`);
    return 0;
  }
  if (command === 'check') {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== yaml) {
      process.stdout.write(`✗ ${file} is out of date: run npm run openapi:export\n`);
      return 1;
    }
    process.stdout.write('✔ contracts/openapi/registration.yaml matches the code\n');
    return 0;
  }
  process.stdout.write('usage: openapi <export|check>\n');
  return 64;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`openapi: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
