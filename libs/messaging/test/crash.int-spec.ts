import { join } from 'node:path';
import { Client } from 'pg';
import { EVENTS_EXCHANGE, Outbox, OutboxRelay } from '@toevlucht/messaging';
import { TransactionRunner } from '@toevlucht/persistence';
import {
  deleteServiceQueues,
  freePort,
  ServiceProcess,
  startTestService,
  TEST_AMQP_URL,
  testDatabase,
  waitFor,
  waitForStatus,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import {
  consumerModule,
  emptyModule,
  HAPPENED,
  Probe,
  publishRaw,
  queueDepth,
  TEST_CONTRACTS,
  uniqueName,
  validHappened,
} from './messaging-fixtures';

const ROOT = join(__dirname, '../../..');
const FIXTURE = 'dist/test/fixtures/messaging-consumer/main.js';

async function effectsOf(url: string): Promise<{ message_id: string; sequence: number }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query<{ message_id: string; sequence: number }>(
        'SELECT message_id, sequence FROM fixture_effects',
      )
    ).rows;
  } finally {
    await client.end();
  }
}

describe('crashes', () => {
  const databases: TestDatabase[] = [];
  const processes: ServiceProcess[] = [];
  const services: TestService[] = [];
  const queues: string[] = [];

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((process) => process.stop()));
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(databases.splice(0).map((database) => database.drop()));
    await Promise.all(queues.splice(0).map((queue) => deleteServiceQueues(queue)));
  });

  it('redelivers a message whose consumer was SIGKILLed mid-handler, and the effect happens once', async () => {
    const database = testDatabase('crash_consumer');
    databases.push(database);
    const name = uniqueName('test-fixture');
    queues.push(name);
    const startFixture = async (delayMs: number) => {
      const port = await freePort();
      const fixture = new ServiceProcess({
        entry: FIXTURE,
        root: ROOT,
        env: {
          PORT: String(port),
          FIXTURE_SERVICE_NAME: name,
          FIXTURE_HANDLER_DELAY_MS: String(delayMs),
          DATABASE_URL: database.url,
          AMQP_URL: TEST_AMQP_URL,
        },
      });
      processes.push(fixture);
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
      await fixture.waitForLog('consumers', (entry) => entry['msg'] === 'consumers ready');
      return fixture;
    };

    const first = await startFixture(10_000);
    const [body, properties] = validHappened({ thingId: 'crash', sequence: 99 });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    await first.waitForLog('the handler to start', (entry) => entry['msg'] === 'handling');
    first.signal('SIGKILL');
    await expect(first.exited).resolves.toMatchObject({ signal: 'SIGKILL' });
    expect(await effectsOf(database.url)).toEqual([]);

    const second = await startFixture(0);
    await second.waitForLog(
      'the redelivered message to be handled',
      (entry) => entry['msg'] === 'handled',
    );
    expect(await effectsOf(database.url)).toEqual([
      { message_id: properties.messageId, sequence: 99 },
    ]);
  });

  it('finishes an in-flight handler on SIGTERM, acks it and exits 0: no redelivery, one effect', async () => {
    const database = testDatabase('drain_consumer');
    databases.push(database);
    const name = uniqueName('test-fixture');
    queues.push(name);
    const port = await freePort();
    const fixture = new ServiceProcess({
      entry: FIXTURE,
      root: ROOT,
      env: {
        PORT: String(port),
        FIXTURE_SERVICE_NAME: name,
        FIXTURE_HANDLER_DELAY_MS: '1500',
        DATABASE_URL: database.url,
        AMQP_URL: TEST_AMQP_URL,
      },
    });
    processes.push(fixture);
    await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200);
    await fixture.waitForLog('consumers', (entry) => entry['msg'] === 'consumers ready');
    const [body, properties] = validHappened({ thingId: 'drain', sequence: 5 });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    await fixture.waitForLog('the handler to start', (entry) => entry['msg'] === 'handling');

    fixture.signal('SIGTERM');
    await expect(fixture.exited).resolves.toEqual({ code: 0, signal: null });
    const messages = fixture.logs().map((entry) => entry['msg']);
    expect(messages.indexOf('handled')).toBeGreaterThan(messages.indexOf('shutting down'));
    expect(await effectsOf(database.url)).toEqual([
      { message_id: properties.messageId, sequence: 5 },
    ]);
    expect(await queueDepth(name)).toBe(0);
  });

  it('publishes again a row whose relay crashed after the broker confirmed it but before marking it sent; the inbox gives one effect', async () => {
    const probe = new Probe();
    const consumerDb = testDatabase('crash_inbox');
    const producerDb = testDatabase('crash_relay');
    databases.push(consumerDb, producerDb);
    const consumerName = uniqueName('test-consumer');
    queues.push(consumerName);
    const consumer = await startTestService({
      name: consumerName,
      module: consumerModule(probe, true),
      contracts: TEST_CONTRACTS,
      databaseUrl: consumerDb.url,
    });
    services.push(consumer);
    await waitFor('consumers', () =>
      Promise.resolve(consumer.logs.some((l) => l['msg'] === 'consumers ready') ? true : undefined),
    );
    const producer = await startTestService({
      name: uniqueName('test-producer'),
      module: emptyModule(),
      contracts: TEST_CONTRACTS,
      databaseUrl: producerDb.url,
    });
    services.push(producer);

    await producer.app
      .get(TransactionRunner)
      .run((tx) =>
        producer.app.get(Outbox).publish(tx, HAPPENED, { thingId: 'once', sequence: 1 }),
      );
    await waitFor('the first delivery', () =>
      Promise.resolve(probe.effects.length === 1 ? true : undefined),
    );

    // The state a relay killed between the broker's confirm and its UPDATE leaves behind.
    const client = new Client({ connectionString: producerDb.url });
    await client.connect();
    await client.query('UPDATE outbox SET sent_at = NULL');
    await client.end();
    await producer.app.get(OutboxRelay).wake();

    await waitFor('the second delivery', () =>
      Promise.resolve(probe.calls.length === 2 ? true : undefined),
    );
    expect(probe.calls[0]?.messageId).toBe(probe.calls[1]?.messageId);
    expect(probe.effects).toEqual([{ thingId: 'once', sequence: 1 }]);
  });
});
