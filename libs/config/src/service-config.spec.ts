import { ConfigError } from './config-error';
import { loadServiceConfig, type ServiceDescriptor } from './service-config';

const stateful: ServiceDescriptor = {
  name: 'registration',
  defaultPort: 3000,
  database: 'toevlucht_registration',
};
const stateless: ServiceDescriptor = { name: 'davinci-adapter', defaultPort: 3012, database: null };

function problemsOf(descriptor: ServiceDescriptor, env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadServiceConfig(descriptor, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServiceConfig', () => {
  it('gives every variable a local default outside production', () => {
    const config = loadServiceConfig(stateful, {}, '1.2.3');
    expect(config).toEqual({
      service: 'registration',
      version: '1.2.3',
      nodeEnv: 'development',
      port: 3000,
      logLevel: 'info',
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      messaging: { prefetch: 20, retryDelaysMs: [1_000, 10_000, 60_000, 600_000] },
      shutdownGraceMs: 10_000,
      healthCheckTimeoutMs: 2_000,
      database: {
        url: 'postgres://toevlucht:toevlucht@127.0.0.1:5432/toevlucht_registration',
        poolMax: 10,
        acquireTimeoutMs: 10_000,
        migrateOnStart: true,
        outboxPollIntervalMs: 1_000,
      },
    });
  });

  it('has no database settings for a stateless service and ignores DATABASE_URL there', () => {
    const config = loadServiceConfig(stateless, { DATABASE_URL: 'not a url' });
    expect(config.database).toBeNull();
    expect(config.port).toBe(3012);
  });

  it('takes valid values from the environment', () => {
    const config = loadServiceConfig(stateful, {
      NODE_ENV: 'production',
      PORT: '8080',
      LOG_LEVEL: 'debug',
      AMQP_URL: 'amqps://svc:pw@broker.internal:5671/toevlucht',
      DATABASE_URL: 'postgresql://svc:pw@db.internal:5432/registration',
      DATABASE_POOL_MAX: '25',
      DATABASE_ACQUIRE_TIMEOUT_MS: '4000',
      MIGRATE_ON_START: 'false',
      SHUTDOWN_GRACE_MS: '30000',
      HEALTH_CHECK_TIMEOUT_MS: '500',
      MESSAGE_PREFETCH: '5',
      MESSAGE_RETRY_DELAYS_MS: '100, 2000,30000',
      OUTBOX_POLL_INTERVAL_MS: '250',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      logLevel: 'debug',
      amqpUrl: 'amqps://svc:pw@broker.internal:5671/toevlucht',
      shutdownGraceMs: 30_000,
      healthCheckTimeoutMs: 500,
      messaging: { prefetch: 5, retryDelaysMs: [100, 2_000, 30_000] },
      database: {
        url: 'postgresql://svc:pw@db.internal:5432/registration',
        poolMax: 25,
        acquireTimeoutMs: 4_000,
        migrateOnStart: false,
        outboxPollIntervalMs: 250,
      },
    });
  });

  it.each([
    ['NODE_ENV', 'staging', 'must be one of development, test, production'],
    ['PORT', 'abc', 'must be an integer between 1 and 65535'],
    ['PORT', '0', 'must be an integer between 1 and 65535'],
    ['PORT', '70000', 'must be an integer between 1 and 65535'],
    ['PORT', '80.5', 'must be an integer between 1 and 65535'],
    ['LOG_LEVEL', 'loud', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['AMQP_URL', 'not a url', 'is not a valid URL'],
    ['AMQP_URL', 'http://broker:5672', 'must use one of the schemes amqp://, amqps://'],
    ['DATABASE_URL', 'mysql://db/x', 'must use one of the schemes postgres://, postgresql://'],
    ['DATABASE_URL', '::', 'is not a valid URL'],
    ['DATABASE_POOL_MAX', '-1', 'must be an integer between 1 and 1000'],
    ['DATABASE_POOL_MAX', '5000', 'must be an integer between 1 and 1000'],
    ['DATABASE_ACQUIRE_TIMEOUT_MS', '0', 'must be an integer between 1 and 600000'],
    ['MIGRATE_ON_START', 'maybe', 'must be true or false'],
    ['SHUTDOWN_GRACE_MS', 'soon', 'must be an integer between 1 and 600000'],
    ['HEALTH_CHECK_TIMEOUT_MS', '0', 'must be an integer between 1 and 60000'],
    ['MESSAGE_PREFETCH', '0', 'must be an integer between 1 and 1000'],
    [
      'MESSAGE_RETRY_DELAYS_MS',
      '1000,,60000',
      'must be a comma-separated list of integers between 1 and 86400000',
    ],
    [
      'MESSAGE_RETRY_DELAYS_MS',
      '1s,10s',
      'must be a comma-separated list of integers between 1 and 86400000',
    ],
    ['OUTBOX_POLL_INTERVAL_MS', 'often', 'must be an integer between 1 and 600000'],
  ])('refuses %s=%s, naming the variable and the problem', (variable, value, problem) => {
    const error = problemsOf(stateful, { [variable]: value });
    expect(error.problems).toEqual([{ variable, problem }]);
    expect(error.message).toContain(`${variable}: ${problem}`);
  });

  it.each(['AMQP_URL', 'DATABASE_URL'])('requires %s in production', (variable) => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      AMQP_URL: 'amqp://broker',
      DATABASE_URL: 'postgres://db/registration',
    };
    delete env[variable];
    const error = problemsOf(stateful, env);
    expect(error.problems).toEqual([{ variable, problem: 'is required' }]);
  });

  it('reports every bad variable at once', () => {
    const error = problemsOf(stateful, { PORT: 'x', LOG_LEVEL: 'y', MIGRATE_ON_START: 'z' });
    expect(error.problems.map((p) => p.variable)).toEqual([
      'PORT',
      'LOG_LEVEL',
      'MIGRATE_ON_START',
    ]);
  });

  it('never repeats a rejected value, which may be a secret', () => {
    const secret = 'hunter2-s3cret';
    const error = problemsOf(stateful, {
      AMQP_URL: `http://user:${secret}@broker`,
      DATABASE_URL: `mysql://user:${secret}@db/x`,
      PORT: secret,
    });
    expect(error.problems).toHaveLength(3);
    expect(error.message).not.toContain(secret);
  });
});
