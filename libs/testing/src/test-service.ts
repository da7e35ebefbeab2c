import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Type } from '@nestjs/common';
import { connect } from 'amqplib';
import { loadServiceConfig } from '@toevlucht/config';
import {
  AmqpTransport,
  type ContractRegistry,
  parkingLotName,
  retryQueueName,
  workQueueName,
} from '@toevlucht/messaging';
import { createLogger } from '@toevlucht/observability';
import {
  findProjectRoot,
  type RunningService,
  type ServiceDefinition,
  startService,
} from '@toevlucht/runtime';
import { freePort } from './ports';
import { waitFor } from './wait-for';

export const TEST_AMQP_URL = process.env['TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestServiceOptions {
  readonly name: string;
  readonly module: Type<unknown>;
  readonly contracts: ContractRegistry;
  /** A database URL (the service then gets the outbox, inbox and migrations), or none. */
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
  /** Migrations to apply; by default registration's (which include the outbox and inbox). */
  readonly migrationsFolder?: string;
  readonly configureHttp?: ServiceDefinition['configureHttp'];
  /**
   * Return only once the service's queues are declared (default true); false for a test that
   * starts a service whose broker is unreachable on purpose.
   */
  readonly awaitTopology?: boolean;
}

export interface TestService extends RunningService {
  readonly url: string;
  /** Every log line the service wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * Starts a service in this process with the real runtime (config, logger, messaging, outbox,
 * HTTP), a test module and test contracts. The stateful variant migrates with the outbox and
 * inbox tables every service has (registration's migrations, which hold just those today).
 */
export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const root = findProjectRoot();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PORT: String(port),
    AMQP_URL: TEST_AMQP_URL,
    LOG_LEVEL: 'debug',
    MESSAGE_RETRY_DELAYS_MS: '50,100,150',
    OUTBOX_POLL_INTERVAL_MS: '200',
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    ...options.env,
  };
  const descriptor = {
    name: options.name,
    defaultPort: port,
    database: options.databaseUrl === undefined ? null : 'unused_default',
  };
  const config = loadServiceConfig(descriptor, env, '0.0.0-test');
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(
    { service: config.service, version: config.version, level: config.logLevel },
    sink,
  );
  const running = await startService(
    {
      descriptor,
      module: options.module,
      contracts: options.contracts,
      migrationsFolder: options.migrationsFolder ?? join(root, 'services/registration/migrations'),
      ...(options.configureHttp === undefined ? {} : { configureHttp: options.configureHttp }),
    },
    config,
    logger,
  );
  // Events published before the service's queues exist reach nobody: a test must not race
  // the declaration (CI's subsidy claims suite did, on a slow machine).
  if (options.awaitTopology !== false) {
    const transport = running.app.get(AmqpTransport);
    try {
      await waitFor(
        `${options.name}'s message topology to be declared`,
        () => Promise.resolve(transport.topologyDeclared || undefined),
        30_000,
        20,
      );
    } catch (error) {
      await running.app.close();
      throw error;
    }
  }
  return {
    ...running,
    url: `http://127.0.0.1:${port}`,
    logs,
    stop: () => running.app.close(),
  };
}

/** Deletes a test service's queues (work, retry tiers, parking lot) so runs leave no trace. */
export async function deleteServiceQueues(
  service: string,
  queues: string[] = ['default'],
  tiers = 3,
): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      const work = workQueueName(service, queue);
      for (const name of [
        work,
        parkingLotName(work),
        ...Array.from({ length: tiers }, (_, i) => retryQueueName(work, i + 1)),
      ]) {
        await channel.deleteQueue(name);
      }
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
