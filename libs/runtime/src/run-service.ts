import 'reflect-metadata';
import { join } from 'node:path';
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
import {
  AmqpTransport,
  ContractRegistry,
  MessagingModule,
  OutboxModule,
  type QueueSettings,
} from '@toevlucht/messaging';
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
import { bodyParserErrors, jsonBodyParser } from './http/body-parsing';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { findProjectRoot, migrationsFolderOf, projectVersion } from './project-root';

export interface ServiceDefinition {
  readonly descriptor: ServiceDescriptor;
  /** The service's own root module: its feature modules, controllers and handlers. */
  readonly module: Type<unknown>;
  /** Per-queue settings for named queues (`@EventPattern(type, { queue })`). */
  readonly queues?: Readonly<Record<string, QueueSettings>>;
  /** The message contracts; by default every schema in contracts/messages/. */
  readonly contracts?: ContractRegistry;
  /** Where the service's migrations are; by default services/<name>/migrations/. */
  readonly migrationsFolder?: string;
  /** Last touches to the HTTP application before it listens (e.g. the OpenAPI document at /docs). */
  readonly configureHttp?: (app: NestExpressApplication) => void | Promise<void>;
}

export interface RunningService {
  readonly app: NestExpressApplication;
  readonly config: ServiceConfig;
  readonly logger: Logger;
}

/**
 * The one main() of every Toevlucht service: validated configuration, then `startService`, then
 * graceful shutdown on signals. A configuration error ends the process with exit code 78
 * (EX_CONFIG) and a message naming each bad variable; any other start-up failure with 1.
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
  // A signal while migrating or booting: nothing is in flight yet (a migration's transaction
  // rolls back), so stop at once and say so, instead of dying by the signal's default action.
  const stopDuringStartUp = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopped during start-up');
    logger.flush();
    process.exit(0);
  };
  process.once('SIGTERM', stopDuringStartUp);
  process.once('SIGINT', stopDuringStartUp);
  try {
    const running = await startService(definition, config, logger);
    process.off('SIGTERM', stopDuringStartUp);
    process.off('SIGINT', stopDuringStartUp);
    installGracefulShutdown(running.app, logger, config.shutdownGraceMs);
    return running;
  } catch (error) {
    // Modules that read their own configuration while the app is created (libs/security)
    // fail the same way as the service's own configuration.
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    logger.fatal({ err: error }, 'service failed to start');
    logger.flush();
    process.exit(1);
  }
}

/**
 * Starts a service in this process: database created and migrated (when it owns one), Nest
 * application with health, metrics, persistence, messaging (transport, outbox, inbox), HTTP
 * listening. No signal handling and no process exit, so tests can start several in one process.
 */
export async function startService(
  definition: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
): Promise<RunningService> {
  const root = findProjectRoot();
  if (config.database?.migrateOnStart === true) {
    if (await ensureDatabase(config.database.url)) logger.info('created the service database');
    const folder = definition.migrationsFolder ?? migrationsFolderOf(root, config.service);
    const result = await runMigrations(config.database.url, folder);
    logger.info({ applied: result.applied, total: result.total }, 'database migrations up to date');
  }

  const registry = createMetricsRegistry(config.service);
  const contracts =
    definition.contracts ?? ContractRegistry.fromDirectory(join(root, 'contracts', 'messages'));
  const app = await NestFactory.create<NestExpressApplication>(
    rootModule(definition, config, logger, registry, contracts),
    // Our own JSON parser (below), so that its failures become problem+json too. Without
    // abortOnError: false, Nest calls process.abort() on a provider that fails to build, and
    // the error never reaches runService's exit codes.
    { logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false },
  );
  app.disable('x-powered-by');
  app.use(requestObservability(createHttpDurationHistogram(registry)));
  app.use(jsonBodyParser());
  app.use(bodyParserErrors);
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  await definition.configureHttp?.(app);
  app.connectMicroservice({ strategy: app.get(AmqpTransport) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port);
  logger.info({ port: config.port }, `${config.service} listening`);
  return { app, config, logger };
}

function rootModule(
  definition: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
  registry: Registry,
  contracts: ContractRegistry,
): DynamicModule {
  const database = config.database;
  return {
    module: class ServiceRootModule {},
    imports: [
      ObservabilityModule.forRoot(
        { service: config.service, healthCheckTimeoutMs: config.healthCheckTimeoutMs, logger },
        registry,
      ),
      MessagingModule.forRoot({
        contracts,
        connection: {
          url: config.amqpUrl,
          connectionName: `${config.service}@${process.pid}`,
          heartbeatSeconds: 15,
          reconnect: { initialMs: 250, maxMs: 15_000 },
        },
        transport: {
          service: config.service,
          queues: definition.queues ?? {},
          defaultPrefetch: config.messaging.prefetch,
          retryDelaysMs: config.messaging.retryDelaysMs,
        },
        publisher: { maxUnconfirmed: 1_000, confirmTimeoutMs: 10_000 },
      }),
      ...(database === null
        ? []
        : [
            PersistenceModule.forRoot({
              url: database.url,
              poolMax: database.poolMax,
              connectionTimeoutMs: database.acquireTimeoutMs,
            }),
            OutboxModule.forRoot(config.service, {
              databaseUrl: database.url,
              batchSize: 200,
              pollIntervalMs: database.outboxPollIntervalMs,
              retentionMs: 7 * 24 * 3_600_000,
              failureBackoffMs: 1_000,
            }),
          ]),
      definition.module,
    ],
  };
}
