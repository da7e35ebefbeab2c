import { execFileSync } from 'node:child_process';
import { Outbox } from '@toevlucht/messaging';
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
  TEST_CONTRACTS,
  uniqueName,
} from './messaging-fixtures';

/**
 * These tests close or restart the machine's real RabbitMQ (rabbitmqctl), which the
 * integration suite runs in band for. They need rabbitmqctl on the PATH and the rights to use it.
 */
function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', args, { stdio: 'ignore', timeout: 60_000 });
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

  it('handles all 1,000 exactly once, with consumers back without restarting the services', async () => {
    const probe = new Probe();
    const consumerDb = testDatabase('restart_consumer');
    const producerDb = testDatabase('restart_producer');
    databases.push(consumerDb, producerDb);
    consumerName = uniqueName('test-consumer');
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
});
