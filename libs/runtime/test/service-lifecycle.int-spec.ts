import { join } from 'node:path';
import {
  freePort,
  httpGet,
  ServiceProcess,
  TcpProxy,
  testDatabase,
  testPostgresServerUrl,
  waitFor,
  waitForStatus,
  type TestDatabase,
} from '@toevlucht/testing';

const ROOT = join(__dirname, '../../..');
const REGISTRATION = 'dist/services/registration/src/main.js';
const SLOW_FIXTURE = 'dist/test/fixtures/slow-service/main.js';
const AMQP = new URL(process.env['TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672');
const POSTGRES = new URL(testPostgresServerUrl());

/** The same URL, sent through a proxy on 127.0.0.1. */
function through(proxy: TcpProxy, url: URL, path = url.pathname): string {
  const copy = new URL(url.toString());
  copy.hostname = '127.0.0.1';
  copy.port = String(proxy.port);
  copy.pathname = path;
  return copy.toString();
}

describe('a service process', () => {
  const processes: ServiceProcess[] = [];
  const databases: TestDatabase[] = [];
  const proxies: TcpProxy[] = [];

  const start = (entry: string, env: Record<string, string>) => {
    const service = new ServiceProcess({ entry, env, root: ROOT });
    processes.push(service);
    return service;
  };

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((service) => service.stop()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  describe('configuration', () => {
    it.each([
      ['PORT', { PORT: 'eighty' }, 'must be an integer between 1 and 65535'],
      ['LOG_LEVEL', { LOG_LEVEL: 'chatty' }, 'must be one of'],
      ['AMQP_URL', { AMQP_URL: 'http://user:t0psecret@broker' }, 'must use one of the schemes'],
      [
        'DATABASE_URL',
        { DATABASE_URL: 'mysql://user:t0psecret@db/x' },
        'must use one of the schemes',
      ],
      ['DATABASE_URL', { NODE_ENV: 'production', AMQP_URL: 'amqp://broker' }, 'is required'],
      ['AMQP_URL', { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }, 'is required'],
    ])('stops at start naming %s when it is wrong or missing', async (variable, env, problem) => {
      const service = start(REGISTRATION, env);
      const exit = await service.exited;
      expect(exit.code).toBe(78);
      const stderr = service.stderr.join('\n');
      expect(stderr).toContain(`${variable}: ${problem}`);
      expect(stderr).not.toContain('t0psecret');
    });
  });

  describe('health', () => {
    it('is ready with both dependencies, 503 naming the database while it is unreachable, and ready again after', async () => {
      const database = testDatabase('health_db');
      databases.push(database);
      const postgresProxy = await TcpProxy.start(POSTGRES.hostname, Number(POSTGRES.port || 5432));
      proxies.push(postgresProxy);
      const port = await freePort();
      const service = start(REGISTRATION, {
        PORT: String(port),
        DATABASE_URL: through(postgresProxy, POSTGRES, `/${database.name}`),
        HEALTH_CHECK_TIMEOUT_MS: '1000',
      });
      const ready = `http://127.0.0.1:${port}/health/ready`;

      const up = await waitForStatus(ready, 200);
      expect(up.body).toEqual({
        status: 'up',
        checks: { database: { status: 'up' }, broker: { status: 'up' } },
      });

      // The database goes away while readiness checks hold pool clients: pg's 'error' event on
      // a checked-out client used to end the process (seen on CI as a timeout here).
      const checksInFlight = Array.from({ length: 30 }, () =>
        httpGet(ready).catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      postgresProxy.down();
      await Promise.all(checksInFlight);
      expect(service.isRunning).toBe(true);
      const down = await waitForStatus(ready, 503);
      expect(down.contentType).toContain('application/problem+json');
      expect(down.body).toMatchObject({
        status: 503,
        detail: 'Not ready: database unreachable.',
        checks: { database: { status: 'down' }, broker: { status: 'up' } },
      });
      expect((await httpGet(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);

      postgresProxy.up();
      await waitForStatus(ready, 200);
      expect(service.isRunning).toBe(true);
    });

    it('is 503 naming the broker while it is unreachable, and reconnects by itself', async () => {
      const brokerProxy = await TcpProxy.start(AMQP.hostname, Number(AMQP.port || 5672));
      proxies.push(brokerProxy);
      const port = await freePort();
      const service = start('dist/services/davinci-adapter/src/main.js', {
        PORT: String(port),
        AMQP_URL: through(brokerProxy, AMQP),
      });
      const ready = `http://127.0.0.1:${port}/health/ready`;
      await waitForStatus(ready, 200);

      brokerProxy.down();
      const down = await waitForStatus(ready, 503);
      expect(down.body).toMatchObject({
        detail: 'Not ready: broker unreachable.',
        checks: { broker: { status: 'down' } },
      });

      brokerProxy.up();
      const up = await waitForStatus(ready, 200, 30_000);
      expect(up.body).toMatchObject({ status: 'up', checks: { broker: { status: 'up' } } });
      expect(service.isRunning).toBe(true);
      // Both connections (consuming, publishing) came back by themselves, once each.
      const connected = service
        .logs()
        .filter((entry) => entry['msg'] === 'connected to the broker')
        .map((entry) => entry['connection']);
      expect(connected.sort()).toEqual(['consume', 'consume', 'publish', 'publish']);
    });

    it('starts and reports not ready when the broker is down from the beginning', async () => {
      const brokerProxy = await TcpProxy.start(AMQP.hostname, Number(AMQP.port || 5672));
      proxies.push(brokerProxy);
      brokerProxy.down();
      const port = await freePort();
      const service = start('dist/services/rijksregister-adapter/src/main.js', {
        PORT: String(port),
        AMQP_URL: through(brokerProxy, AMQP),
      });
      const ready = `http://127.0.0.1:${port}/health/ready`;
      const down = await waitForStatus(ready, 503);
      expect(down.body).toMatchObject({ checks: { broker: { status: 'down' } } });
      expect(
        service
          .logs()
          .some(
            (entry) => entry['level'] === 'warn' && entry['msg'] === 'broker unreachable; retrying',
          ),
      ).toBe(true);
      brokerProxy.up();
      await waitForStatus(ready, 200, 30_000);
    });
  });

  describe('HTTP errors', () => {
    it('answers an unknown route with problem+json and a request id', async () => {
      const port = await freePort();
      start('dist/services/davinci-adapter/src/main.js', { PORT: String(port) });
      await waitForStatus(`http://127.0.0.1:${port}/health/live`, 200);
      const response = await fetch(`http://127.0.0.1:${port}/no/such/route`, {
        headers: { 'x-request-id': 'req-42' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('x-request-id')).toBe('req-42');
      expect(await response.json()).toEqual({
        type: 'https://toevlucht.dev/problems/not-found',
        title: 'Not Found',
        status: 404,
        detail: 'Cannot GET /no/such/route',
        instance: '/no/such/route',
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });

    it('exports HTTP metrics by route template', async () => {
      const port = await freePort();
      start('dist/services/davinci-adapter/src/main.js', { PORT: String(port) });
      await waitForStatus(`http://127.0.0.1:${port}/health/live`, 200);
      const metrics = await httpGet(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(
        /http_server_request_duration_seconds_count\{(?=[^}]*method="GET")(?=[^}]*route="\/health\/live")(?=[^}]*status_code="200")[^}]*\} 1\n/,
      );
      expect(metrics.body).toEqual(
        expect.stringContaining('process_cpu_user_seconds_total{service="davinci-adapter"}'),
      );
    });
  });

  describe('shutdown', () => {
    it('stops with exit 0 on SIGTERM while still starting (here: waiting for a hanging database)', async () => {
      const postgresProxy = await TcpProxy.start(POSTGRES.hostname, Number(POSTGRES.port || 5432));
      proxies.push(postgresProxy);
      postgresProxy.hang();
      const service = start(REGISTRATION, {
        PORT: String(await freePort()),
        DATABASE_URL: through(postgresProxy, POSTGRES, '/toevlucht_never_created'),
      });
      // Signal it once it is really waiting on the database (its signal handlers are in place
      // by then); a fixed sleep signalled a process still loading its modules on a busy machine.
      await waitFor(
        'the service connecting to the hanging database',
        () => Promise.resolve(postgresProxy.connectionsAccepted > 0 ? true : undefined),
        30_000,
      );
      expect(service.isRunning).toBe(true);
      service.signal('SIGTERM');
      await expect(service.exited).resolves.toEqual({ code: 0, signal: null });
      expect(service.logs().map((entry) => entry['msg'])).toContain('stopped during start-up');
    });

    it('lets an in-flight request finish on SIGTERM and exits 0', async () => {
      const port = await freePort();
      const service = start(SLOW_FIXTURE, { PORT: String(port), SHUTDOWN_GRACE_MS: '10000' });
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);

      const inFlight = fetch(`http://127.0.0.1:${port}/slow?ms=1500`);
      await service.waitForLog('the slow request to arrive', () => true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      service.signal('SIGTERM');

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ waitedMs: 1500 });
      await expect(service.exited).resolves.toEqual({ code: 0, signal: null });
      const messages = service.logs().map((entry) => entry['msg']);
      expect(messages).toEqual(expect.arrayContaining(['shutting down', 'shutdown complete']));
    });

    it('exits 1 when in-flight work outlasts the grace period', async () => {
      const port = await freePort();
      const service = start(SLOW_FIXTURE, { PORT: String(port), SHUTDOWN_GRACE_MS: '500' });
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
      const inFlight = fetch(`http://127.0.0.1:${port}/slow?ms=5000`).catch(
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      service.signal('SIGTERM');
      await expect(service.exited).resolves.toEqual({ code: 1, signal: null });
      await inFlight;
      expect(service.logs().map((entry) => entry['msg'])).toContain(
        'shutdown exceeded its grace period; exiting',
      );
    });
  });
});
