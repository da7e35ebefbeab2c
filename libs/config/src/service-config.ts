import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';
import { bool, oneOf, port, positiveInt, positiveIntList, url } from './env-parsers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** What a service says about itself; everything else comes from the environment. */
export interface ServiceDescriptor {
  /** The service's name, as in services/<name>/ and in logs and metrics. */
  readonly name: string;
  /** Port used when PORT is unset; each service has its own so the mesh runs on one host. */
  readonly defaultPort: number;
  /** The PostgreSQL database the service owns, or null for a stateless service. */
  readonly database: string | null;
}

export interface DatabaseConfig {
  readonly url: string;
  readonly poolMax: number;
  /**
   * How long a request may wait for a pooled connection (queueing behind busy ones included)
   * before it is answered 503; apart from the readiness check's own, shorter timeout, so a
   * busy but healthy pool turns bursts into waiting rather than errors.
   */
  readonly acquireTimeoutMs: number;
  readonly migrateOnStart: boolean;
  /** How often the outbox relay looks for unsent messages when no NOTIFY woke it. */
  readonly outboxPollIntervalMs: number;
}

export interface MessagingConfig {
  /** Deliveries handled at once per work queue (AMQP prefetch), unless a queue sets its own. */
  readonly prefetch: number;
  /** Delayed-retry tiers a failing message goes through before the parking lot. */
  readonly retryDelaysMs: readonly number[];
}

/** The validated configuration every service starts with. */
export interface ServiceConfig {
  readonly service: string;
  readonly version: string;
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly amqpUrl: string;
  readonly messaging: MessagingConfig;
  /** Null for a stateless service. */
  readonly database: DatabaseConfig | null;
  readonly shutdownGraceMs: number;
  readonly healthCheckTimeoutMs: number;
}

export const LOCAL_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const LOCAL_POSTGRES_SERVER_URL = 'postgres://toevlucht:toevlucht@127.0.0.1:5432';

/**
 * Reads and validates a service's configuration. Outside production, every variable has a
 * default that works against the local RabbitMQ and PostgreSQL; in production AMQP_URL and
 * DATABASE_URL must be given. Throws a ConfigError naming every bad variable.
 */
export function loadServiceConfig(
  descriptor: ServiceDescriptor,
  env: NodeJS.ProcessEnv,
  version = '0.0.0',
): ServiceConfig {
  const nodeEnvResult = oneOf(NODE_ENVS, 'development').safeParse(env['NODE_ENV']);
  const nodeEnv = nodeEnvResult.success ? nodeEnvResult.data : 'development';
  const production = nodeEnv === 'production';

  const base = z
    .object({
      NODE_ENV: oneOf(NODE_ENVS, 'development'),
      PORT: port(descriptor.defaultPort),
      LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
      AMQP_URL: url(['amqp', 'amqps'], production ? undefined : LOCAL_AMQP_URL),
      SHUTDOWN_GRACE_MS: positiveInt(10_000, 600_000),
      HEALTH_CHECK_TIMEOUT_MS: positiveInt(2_000, 60_000),
      MESSAGE_PREFETCH: positiveInt(20, 1_000),
      MESSAGE_RETRY_DELAYS_MS: positiveIntList([1_000, 10_000, 60_000, 600_000], 86_400_000),
    })
    .safeParse(env);
  const database =
    descriptor.database === null
      ? null
      : z
          .object({
            DATABASE_URL: url(
              ['postgres', 'postgresql'],
              production ? undefined : `${LOCAL_POSTGRES_SERVER_URL}/${descriptor.database}`,
            ),
            DATABASE_POOL_MAX: positiveInt(10, 1_000),
            DATABASE_ACQUIRE_TIMEOUT_MS: positiveInt(10_000, 600_000),
            MIGRATE_ON_START: bool(true),
            OUTBOX_POLL_INTERVAL_MS: positiveInt(1_000, 600_000),
          })
          .safeParse(env);

  const problems = [base, database].flatMap((result) =>
    result === null || result.success ? [] : result.error.issues.map(toProblem),
  );
  if (problems.length > 0 || !base.success || (database !== null && !database.success)) {
    throw new ConfigError(descriptor.name, problems);
  }
  return {
    service: descriptor.name,
    version,
    nodeEnv,
    port: base.data.PORT,
    logLevel: base.data.LOG_LEVEL,
    amqpUrl: base.data.AMQP_URL,
    messaging: {
      prefetch: base.data.MESSAGE_PREFETCH,
      retryDelaysMs: base.data.MESSAGE_RETRY_DELAYS_MS,
    },
    shutdownGraceMs: base.data.SHUTDOWN_GRACE_MS,
    healthCheckTimeoutMs: base.data.HEALTH_CHECK_TIMEOUT_MS,
    database:
      database === null
        ? null
        : {
            url: database.data.DATABASE_URL,
            poolMax: database.data.DATABASE_POOL_MAX,
            acquireTimeoutMs: database.data.DATABASE_ACQUIRE_TIMEOUT_MS,
            migrateOnStart: database.data.MIGRATE_ON_START,
            outboxPollIntervalMs: database.data.OUTBOX_POLL_INTERVAL_MS,
          },
  };
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  return { variable: String(issue.path[0] ?? '(environment)'), problem: issue.message };
}
