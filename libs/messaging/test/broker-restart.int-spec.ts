import { execFileSync } from 'node:child_process';
import { AmqpTransport, EVENTS_EXCHANGE, Outbox } from '@toevlucht/messaging';
import { TransactionRunner } from '@toevlucht/persistence';
import {
  deleteServiceQueues,
  startTestService,
  testDatabase,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import {
  consumerModule,
  emptyModule,
  HAPPENED,
  Probe,
  publishRaw,
  TEST_CONTRACTS,
  uniqueName,
  validHappened,
} from './messaging-fixtures';

/**
 * These tests close or restart the machine's real RabbitMQ (rabbitmqctl), which the
 * integration suite runs in band for. They need rabbitmqctl on the PATH and the rights to use it.
 */
function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', args, { stdio: 'ignore', timeout: 60_000 });
}

function rabbitmqEval(expression: string): string {
  return execFileSync('rabbitmqctl', ['eval', expression], { encoding: 'utf8', timeout: 60_000 });
}

/**
 * `work`, or a rejection after `ms`: inside the memory-alarm test every step is bounded, so a
 * step the alarm blocks fails the test and the alarm is still lifted, instead of the shared
 * broker staying blocked behind a hung test.
 */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ready plus unacknowledged messages of a queue, as the broker counts them. */
function messagesIn(queue: string): number {
  const listed = execFileSync(
    'rabbitmqctl',
    ['list_queues', '-q', '--no-table-headers', 'name', 'messages'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const line = listed.split('\n').find((entry) => entry.split('\t')[0] === queue);
  return Number(line?.split('\t')[1] ?? Number.NaN);
}

describe('a flow of 1,000 messages while the broker drops connections and restarts', () => {
  const services: TestService[] = [];
  const databases: TestDatabase[] = [];
  let consumerName = '';

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(databases.splice(0).map((database) => database.drop()));
    if (consumerName !== '') await deleteServiceQueues(consumerName);
  });

  /** A consumer whose effects go through the inbox into a database of its own, consuming. */
  async function startIdempotentConsumer(probe: Probe, purpose: string): Promise<TestService> {
    const database = testDatabase(purpose);
    databases.push(database);
    consumerName = uniqueName('test-consumer');
    const consumer = await startTestService({
      name: consumerName,
      module: consumerModule(probe, true),
      contracts: TEST_CONTRACTS,
      databaseUrl: database.url,
    });
    services.push(consumer);
    await waitFor('consumers', () =>
      Promise.resolve(consumer.logs.some((l) => l['msg'] === 'consumers ready') ? true : undefined),
    );
    return consumer;
  }

  it('handles all 1,000 exactly once, with consumers back without restarting the services', async () => {
    const probe = new Probe();
    const consumer = await startIdempotentConsumer(probe, 'restart_consumer');
    const producerDb = testDatabase('restart_producer');
    databases.push(producerDb);
    const producer = await startTestService({
      name: uniqueName('test-producer'),
      module: emptyModule(),
      contracts: TEST_CONTRACTS,
      databaseUrl: producerDb.url,
    });
    services.push(producer);

    const outbox = producer.app.get(Outbox);
    const transactions = producer.app.get(TransactionRunner);
    const publishBatch = (batch: number) =>
      transactions.run(async (tx) => {
        for (let i = 0; i < 100; i += 1)
          await outbox.publish(tx, HAPPENED, {
            thingId: `thing-${batch}`,
            sequence: batch * 100 + i,
          });
      });

    for (let batch = 0; batch < 3; batch += 1) await publishBatch(batch);
    await waitFor('the flow to start', () =>
      Promise.resolve(probe.effects.length > 0 ? true : undefined),
    );
    rabbitmqctl('close_all_connections', 'test: connections closed mid-flow');
    for (let batch = 3; batch < 6; batch += 1) await publishBatch(batch);

    await waitFor(
      'the flow to resume',
      () => Promise.resolve(probe.effects.length > 300 ? true : undefined),
      45_000,
    );
    rabbitmqctl('stop_app');
    for (let batch = 6; batch < 10; batch += 1) await publishBatch(batch);
    rabbitmqctl('start_app');
    rabbitmqctl('await_startup');

    await waitFor(
      'all 1,000 effects',
      () => Promise.resolve(probe.effects.length >= 1_000 ? true : undefined),
      90_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sequences = probe.effects.map((effect) => effect.sequence);
    expect(sequences).toHaveLength(1_000);
    expect(new Set(sequences).size).toBe(1_000);
    expect(
      consumer.logs.filter((line) => line['msg'] === 'consumers ready').length,
    ).toBeGreaterThanOrEqual(3);
    // A lost connection is the connection's to recover, not each consumer's on its own.
    expect(
      consumer.logs.filter(
        (line) => line['msg'] === 'the broker took the consumer away; setting it up again',
      ),
    ).toEqual([]);
  });

  it('keeps acking while a memory alarm blocks its publishing', async () => {
    const probe = new Probe();
    const service = await startIdempotentConsumer(probe, 'alarm_consumer');
    const transport = service.app.get(AmqpTransport);
    await transport.pause();
    for (let sequence = 0; sequence < 100; sequence += 1)
      await publishRaw(EVENTS_EXCHANGE, HAPPENED, ...validHappened({ thingId: 'alarm', sequence }));

    // "0.4", or "{absolute,1073741824}" when the node is configured with an absolute limit.
    const current = rabbitmqEval('vm_memory_monitor:get_vm_memory_high_watermark().').trim();
    const absolute = /^\{absolute,(\d+)\}$/.exec(current);
    const watermark = absolute === null ? [current] : ['absolute', absolute[1] as string];
    try {
      // Far below what the node uses: the broker raises its memory alarm and stops reading from
      // every connection that publishes.
      rabbitmqctl('set_vm_memory_high_watermark', '0.00001');
      await waitFor('the memory alarm', () =>
        Promise.resolve(
          rabbitmqEval('rabbit_alarm:get_alarms().').includes('memory') ? true : undefined,
        ),
      );
      // The service publishes (its outbox relay): its publishing connection is blocked now.
      const transactions = service.app.get(TransactionRunner);
      await within(
        10_000,
        'committing the outbox row',
        transactions.run((tx) =>
          service.app.get(Outbox).publish(tx, HAPPENED, { thingId: 'during-alarm', sequence: 0 }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      // basic.consume goes on the consuming connection, which the alarm does not block.
      await within(10_000, 'resuming the consumer', transport.resume());
      // With one connection for both, the acks would wait behind the blocked publish and the
      // queue would keep its unacknowledged messages until the alarm cleared.
      await waitFor('all 100 handled and acked during the alarm', () =>
        Promise.resolve(
          probe.effects.length >= 100 && messagesIn(consumerName) === 0 ? true : undefined,
        ),
      );
    } finally {
      rabbitmqctl('set_vm_memory_high_watermark', ...watermark);
      await waitFor('the alarm to clear', () =>
        Promise.resolve(
          rabbitmqEval('rabbit_alarm:get_alarms().').includes('memory') ? undefined : true,
        ),
      );
    }
    // Blocked until the alarm cleared, then published by the relay and handled.
    await waitFor(
      'the event published during the alarm',
      () =>
        Promise.resolve(
          probe.effects.some((effect) => effect.thingId === 'during-alarm') ? true : undefined,
        ),
      // Its publish may have hit the 10 s confirm timeout and the relay's back-off first.
      45_000,
    );
  });
});
