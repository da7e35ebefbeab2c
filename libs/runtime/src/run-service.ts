import 'reflect-metadata';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Registry } from 'prom-client';
import {
  ConfigError,
  loadServiceConfig,
  type ServiceConfig,
  type ServiceDescriptor,
} from '@toevlucht/config';
import { MessagingModule } from '@toevlucht/messaging';
import {
  createHttpDurationHistogram,
  createLogger,
  createMetricsRegistry,
  ObservabilityModule,
  PinoNestLogger,
  requestObservability,
  type Logger,
} from '@toevlucht/observability';
import { ensureDatabase, PersistenceModule, runMigrations } from '@toevlucht/persistence';
import { installGracefulShutdown } from './graceful-shutdown';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { findProjectRoot, migrationsFolderOf, projectVersion } from './project-root';

export interface ServiceDefinition {
  readonly descriptor: ServiceDescriptor;
  /** The service's own root module: its feature modules, controllers and handlers. */
  readonly module: Type<unknown>;
}

export interface RunningService {
  readonly app: NestExpressApplication;
  readonly config: ServiceConfig;
  readonly logger: Logger;
}

/**
 * The one main() of every Toevlucht service: validated configuration, JSON logger, database
 * created and migrated (when the service owns one), Nest application with health, metrics,
 * persistence and broker connection, HTTP listening, graceful shutdown on signals.
 * A configuration error ends the process with exit code 78 (EX_CONFIG) and a message naming
 * each bad variable; any other start-up failure with exit code 1.
 */
export async function runService(definition: ServiceDefinition): Promise<RunningService> {
  const root = findProjectRoot();
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(definition.descriptor, process.env, projectVersion(root));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({
    service: config.service,
    version: config.version,
    level: config.logLevel,
  });
  try {
    const running = await startService(definition, config, logger, root);
    installGracefulShutdown(running.app, logger, config.shutdownGraceMs);
    return running;
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    logger.flush();
    process.exit(1);
  }
}

async function startService(
  definition: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
  root: string,
): Promise<RunningService> {
  if (config.database?.migrateOnStart === true) {
    if (await ensureDatabase(config.database.url)) logger.info('created the service database');
    const result = await runMigrations(
      config.database.url,
      migrationsFolderOf(root, config.service),
    );
    logger.info({ applied: result.applied, total: result.total }, 'database migrations up to date');
  }

  const registry = createMetricsRegistry(config.service);
  const app = await NestFactory.create<NestExpressApplication>(
    rootModule(definition, config, logger, registry),
    {
      logger: new PinoNestLogger(logger),
    },
  );
  app.disable('x-powered-by');
  app.use(requestObservability(createHttpDurationHistogram(registry)));
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  await app.listen(config.port);
  logger.info({ port: config.port }, `${config.service} listening`);
  return { app, config, logger };
}

function rootModule(
  definition: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
  registry: Registry,
): DynamicModule {
  return {
    module: class ServiceRootModule {},
    imports: [
      ObservabilityModule.forRoot(
        { service: config.service, healthCheckTimeoutMs: config.healthCheckTimeoutMs, logger },
        registry,
      ),
      ...(config.database === null
        ? []
        : [
            PersistenceModule.forRoot({
              url: config.database.url,
              poolMax: config.database.poolMax,
              connectionTimeoutMs: config.healthCheckTimeoutMs,
            }),
          ]),
      MessagingModule.forRoot({
        url: config.amqpUrl,
        connectionName: `${config.service}@${process.pid}`,
        heartbeatSeconds: 15,
        reconnect: { initialMs: 250, maxMs: 15_000 },
      }),
      definition.module,
    ],
  };
}
