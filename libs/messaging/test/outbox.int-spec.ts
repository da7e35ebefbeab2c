import { Client } from 'pg';
import { MessagingMetrics, Outbox, OutboxRelay } from '@toevlucht/messaging';
import { TransactionRunner } from '@toevlucht/persistence';
import {
  deleteServiceQueues,
  startTestService,
  TcpProxy,
  TEST_AMQP_URL,
  testDatabase,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import {
  consumerModule,
  emptyModule,
  HAPPENED,
  IGNORED,
  UNCONSUMED_COMMAND,
  Probe,
  publishRaw,
  TEST_CONTRACTS,
  type ThingHappened,
  uniqueName,
  validHappened,
} from './messaging-fixtures';

async function unsentRows(
  url: string,
): Promise<{ routing_key: string; attempts: number; last_error: string | null }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{
      routing_key: string;
      attempts: number;
      last_error: string | null;
    }>('SELECT routing_key, attempts, last_error FROM outbox WHERE sent_at IS NULL ORDER BY seq');
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('the transactional outbox and the inbox on real PostgreSQL and RabbitMQ', () => {
  const services: TestService[] = [];
  const databases: TestDatabase[] = [];
  const proxies: TcpProxy[] = [];
  const queues: string[] = [];

  async function producer(amqpUrl = TEST_AMQP_URL): Promise<TestService> {
    const database = testDatabase('producer');
    databases.push(database);
    const service = await startTestService({
      name: uniqueName('test-producer'),
      module: emptyModule(),
      contracts: TEST_CONTRACTS,
      databaseUrl: database.url,
      env: { AMQP_URL: amqpUrl },
    });
    services.push(service);
    return service;
  }

  async function connected(service: TestService): Promise<void> {
    await waitFor('the service to connect to the broker', () =>
      Promise.resolve(
        service.logs.some(
          (line) => line['msg'] === 'connected to the broker' && line['connection'] === 'publish',
        )
          ? true
          : undefined,
      ),
    );
  }

  // Prefetch 1 where a test checks order: with more, handlers of one queue run concurrently
  // and commit in any order, whatever order the broker delivered in.
  async function consumer(probe: Probe, env: Record<string, string> = {}): Promise<TestService> {
    const database = testDatabase('consumer');
    databases.push(database);
    const name = uniqueName('test-consumer');
    queues.push(name);
    const service = await startTestService({
      name,
      module: consumerModule(probe, true),
      contracts: TEST_CONTRACTS,
      databaseUrl: database.url,
      env,
    });
    services.push(service);
    await waitFor('consumers to be ready', () =>
      Promise.resolve(
        service.logs.some((line) => line['msg'] === 'consumers ready') ? true : undefined,
      ),
    );
    return service;
  }

  function publishInTransaction(
    service: TestService,
    messages: ThingHappened[],
    key?: string,
    fail = false,
  ) {
    const outbox = service.app.get(Outbox);
    return service.app.get(TransactionRunner).run(async (tx) => {
      for (const data of messages)
        await outbox.publish(tx, HAPPENED, data, key === undefined ? {} : { aggregateKey: key });
      if (fail) throw new Error('the state change failed');
    });
  }

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    await Promise.all(databases.splice(0).map((database) => database.drop()));
    await Promise.all(queues.splice(0).map((queue) => deleteServiceQueues(queue)));
  });

  it('delivers a committed message exactly once, and nothing from a rolled-back transaction', async () => {
    const probe = new Probe();
    await consumer(probe);
    const source = await producer();

    await publishInTransaction(source, [{ thingId: 'committed', sequence: 1 }]);
    await expect(
      publishInTransaction(source, [{ thingId: 'rolled-back', sequence: 2 }], undefined, true),
    ).rejects.toThrow('the state change failed');

    await waitFor('the committed message', () =>
      Promise.resolve(probe.effects.length === 1 ? true : undefined),
    );
    await source.app.get(OutboxRelay).wake();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.effects).toEqual([{ thingId: 'committed', sequence: 1 }]);
    expect(probe.calls).toHaveLength(1);
  });

  it('refuses to publish a payload that does not match its schema', async () => {
    const source = await producer();
    await expect(publishInTransaction(source, [{ thingId: '', sequence: -1 }])).rejects.toThrow(
      /Refusing to publish an invalid test\.thing\.happened\.v1: \/thingId must NOT have fewer than 1 characters/,
    );
  });

  it('keeps a command nobody consumes unsent with the error', async () => {
    const source = await producer();
    await connected(source);
    const outbox = source.app.get(Outbox);
    await source.app
      .get(TransactionRunner)
      .run((tx) => outbox.publish(tx, UNCONSUMED_COMMAND, { thingId: 'nobody' }));
    const url = source.config.database?.url ?? '';
    const [row] = await waitFor('the attempt to be refused as unroutable', async () => {
      const rows = await unsentRows(url);
      return rows[0]?.last_error?.startsWith('UnroutableMessageError') === true ? rows : undefined;
    });
    expect(row).toMatchObject({ routing_key: UNCONSUMED_COMMAND });
    expect(row?.attempts).toBeGreaterThan(0);
    expect(row?.last_error).toBe(
      `UnroutableMessageError: No queue is bound for ${UNCONSUMED_COMMAND} on exchange 'toevlucht.commands'; the message was returned`,
    );
  });

  it('sends an event nobody subscribes to (the broker drops it) without holding up its key', async () => {
    const probe = new Probe();
    await consumer(probe);
    const source = await producer();
    await connected(source);
    const outbox = source.app.get(Outbox);
    await source.app.get(TransactionRunner).run(async (tx) => {
      await outbox.publish(tx, IGNORED, { thingId: 'nobody-listens' }, { aggregateKey: 'k' });
      await outbox.publish(tx, HAPPENED, { thingId: 'after', sequence: 1 }, { aggregateKey: 'k' });
    });
    await waitFor('the event behind it', () =>
      Promise.resolve(probe.effects.some((e) => e.thingId === 'after') ? true : undefined),
    );
    expect(await unsentRows(source.config.database?.url ?? '')).toEqual([]);
  });

  it('does not let messages queued behind one backing-off key hold up the others', async () => {
    const probe = new Probe();
    await consumer(probe);
    const source = await producer();
    await connected(source);
    const outbox = source.app.get(Outbox);
    // Nobody consumes this command: it is returned, and its key backs off.
    await source.app
      .get(TransactionRunner)
      .run((tx) =>
        outbox.publish(tx, UNCONSUMED_COMMAND, { thingId: 'stuck' }, { aggregateKey: 'stuck' }),
      );
    const url = source.config.database?.url ?? '';
    await waitFor('the first row to back off', async () =>
      (await unsentRows(url))[0]?.last_error?.startsWith('UnroutableMessageError') === true
        ? true
        : undefined,
    );
    // More rows behind it than one relay batch (200) holds, then one of another key.
    await publishInTransaction(
      source,
      Array.from({ length: 250 }, (_, i) => ({ thingId: 'behind', sequence: i })),
      'stuck',
    );
    await publishInTransaction(source, [{ thingId: 'free', sequence: 0 }], 'free');
    await waitFor('the message of the free key', () =>
      Promise.resolve(probe.effects.some((e) => e.thingId === 'free') ? true : undefined),
    );
    // The stuck row comes due again (after 2 s) and fails again in a batch with the rows
    // behind it: they must still not overtake it.
    await waitFor(
      'the stuck row to be tried again',
      async () => ((await unsentRows(url))[0]?.attempts ?? 0) >= 2 || undefined,
      15_000,
    );
    await source.app.get(OutboxRelay).wake();
    expect(probe.effects.filter((e) => e.thingId === 'behind')).toEqual([]);
  });

  it('keeps messages in the outbox while the broker is unreachable and delivers them, in order per key, when it returns', async () => {
    const probe = new Probe();
    await consumer(probe, { MESSAGE_PREFETCH: '1' });
    const broker = new URL(TEST_AMQP_URL);
    const proxy = await TcpProxy.start(broker.hostname, Number(broker.port || 5672));
    proxies.push(proxy);
    const proxied = new URL(TEST_AMQP_URL);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const source = await producer(proxied.toString());
    await connected(source);

    proxy.down();
    for (let batch = 0; batch < 5; batch += 1) {
      const messages = Array.from({ length: 10 }, (_, i) => ({
        thingId: 'ordered',
        sequence: batch * 10 + i,
      }));
      await publishInTransaction(source, messages, 'thing-ordered');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.effects).toHaveLength(0);
    expect(await unsentRows(source.config.database?.url ?? '')).toHaveLength(50);

    proxy.up();
    await waitFor(
      'all 50 messages',
      () => Promise.resolve(probe.effects.length === 50 ? true : undefined),
      45_000,
    );
    const inOrder = Array.from({ length: 50 }, (_, i) => i);
    expect(probe.calls.map((call) => call.data.sequence)).toEqual(inOrder);
    expect(probe.effects.map((effect) => effect.sequence)).toEqual(inOrder);
  });

  it('gives one effect for a message delivered twice (the inbox)', async () => {
    const probe = new Probe();
    await consumer(probe);
    const [body, properties] = validHappened({ thingId: 'twice', sequence: 1 });
    await publishRaw('toevlucht.events', HAPPENED, body, properties);
    await publishRaw('toevlucht.events', HAPPENED, body, properties);
    await waitFor('both deliveries', () =>
      Promise.resolve(probe.calls.length === 2 ? true : undefined),
    );
    expect(probe.effects).toEqual([{ thingId: 'twice', sequence: 1 }]);
  });

  it('lets two relay replicas share one outbox: every message published once, in order per key', async () => {
    const probe = new Probe();
    await consumer(probe, { MESSAGE_PREFETCH: '1' });
    const shared = testDatabase('replicas');
    databases.push(shared);
    const start = async () => {
      const service = await startTestService({
        name: uniqueName('test-producer'),
        module: emptyModule(),
        contracts: TEST_CONTRACTS,
        databaseUrl: shared.url,
      });
      services.push(service);
      return service;
    };
    const [first, second] = await Promise.all([start(), start()]);
    if (first === undefined || second === undefined) throw new Error('replicas did not start');

    // Both replicas write; both relays race for the rows.
    for (let batch = 0; batch < 20; batch += 1) {
      const writer = batch % 2 === 0 ? first : second;
      const outbox = writer.app.get(Outbox);
      await writer.app.get(TransactionRunner).run(async (tx) => {
        for (let i = 0; i < 5; i += 1) {
          const data = { thingId: `key-${(batch * 5 + i) % 10}`, sequence: batch * 5 + i };
          await outbox.publish(tx, HAPPENED, data, { aggregateKey: data.thingId });
        }
      });
    }
    await waitFor(
      'all 100 messages',
      () => Promise.resolve(probe.calls.length >= 100 ? true : undefined),
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.calls).toHaveLength(100);
    expect(new Set(probe.calls.map((call) => call.messageId)).size).toBe(100);
    const published = await Promise.all(
      [first, second].map(
        async (replica) =>
          (await replica.app.get(MessagingMetrics).outboxPublished.get()).values[0]?.value ?? 0,
      ),
    );
    // Which replica publishes a row is a race (one may well take them all while the other's
    // rows wait behind keys it does not hold); what must hold is exactly once and per-key order.
    expect(published.reduce((sum, count) => sum + count, 0)).toBe(100);
    for (const key of Array.from({ length: 10 }, (_, k) => `key-${k}`)) {
      const sequences = probe.calls
        .filter((call) => call.data.thingId === key)
        .map((call) => call.data.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
  });
});
