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
import { buildOpenApiDocument, findProjectRoot, type ApiDescription } from '@toevlucht/runtime';
import { HOUSING_API } from '../services/housing/src/http/openapi';
import { housingModule } from '../services/housing/src/housing.module';
import { REGISTRATION_API } from '../services/registration/src/http/openapi';
import { loadRegistrationSettings } from '../services/registration/src/registration.config';
import { registrationModule } from '../services/registration/src/registration.module';
import { SUBSIDY_API } from '../services/subsidy/src/http/openapi';
import { subsidyModule } from '../services/subsidy/src/subsidy.module';

/**
 * `npm run openapi:export` writes contracts/openapi/<service>.yaml from each HTTP service's
 * controllers; `npm run openapi:check` (part of npm test) fails when a committed file differs,
 * so the published contract cannot drift from the code. Nest's preview mode builds the module
 * graph without instantiating providers: no database, broker or identity provider needed.
 */
/** The services with an HTTP API of their own, and how to build each one's module. */
const APIS: readonly { service: string; api: ApiDescription; module: () => Type<unknown> }[] = [
  {
    service: 'registration',
    api: REGISTRATION_API,
    module: () => registrationModule(loadRegistrationSettings({})),
  },
  { service: 'housing', api: HOUSING_API, module: () => housingModule() },
  { service: 'subsidy', api: SUBSIDY_API, module: () => subsidyModule() },
];

/**
 * A service's module with the runtime's providers (database, outbox, inbox) as
 * placeholders: preview mode resolves the graph but never builds a provider.
 */
function documentationModule(serviceModule: Type<unknown>): Type<unknown> {
  const runtime = [TransactionRunner, Outbox, Inbox, PG_POOL, DATABASE, LOGGER, Registry];
  @Global()
  @Module({
    providers: runtime.map((token) => ({ provide: token, useValue: null })),
    exports: runtime,
  })
  class RuntimePlaceholders {}
  @Module({ imports: [RuntimePlaceholders, serviceModule] })
  class DocumentationModule {}
  return DocumentationModule;
}

async function documentOf(entry: (typeof APIS)[number]): Promise<string> {
  const app = await NestFactory.create(documentationModule(entry.module()), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const yaml = stringify(buildOpenApiDocument(app, entry.api), {
    lineWidth: 0,
    sortMapEntries: false,
  });
  await app.close();
  return yaml;
}

async function main(command: string | undefined): Promise<number> {
  if (command !== 'export' && command !== 'check') {
    process.stdout.write('usage: openapi <export|check>\n');
    return 64;
  }
  const root = findProjectRoot();
  let failures = 0;
  for (const entry of APIS) {
    const relative = `contracts/openapi/${entry.service}.yaml`;
    const file = join(root, relative);
    const yaml = await documentOf(entry);
    if (command === 'export') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, yaml);
      process.stdout.write(`wrote ${file}\n`);
      continue;
    }
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed === yaml) {
      process.stdout.write(`✔ ${relative} matches the code\n`);
    } else {
      process.stdout.write(`✗ ${relative} is out of date: run npm run openapi:export\n`);
      failures += 1;
    }
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`openapi: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
