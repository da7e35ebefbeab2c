import { EventEmitter } from 'node:events';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { BrokerConnection } from '../connection/broker-connection';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import type { WorkQueue } from '../topology/topology';
import { QueueConsumers } from './queue-consumers';

/**
 * The broker's side as amqplib shows it, scripted: which queues refuse to be consumed, and
 * whether the broker cancels a consumer in the same read as its consume-ok (before the client
 * has the tag). Timing and wire behaviour are covered by consumer.int-spec against RabbitMQ.
 */
class ScriptedBroker {
  readonly consumed: string[] = [];
  readonly cancelled: string[] = [];
  refuseConsume = new Set<string>();
  cancelAtConsumeOk = new Set<string>();
  /** While set, consume-ok and cancel-ok wait for these (a slow broker). */
  consumeOk: Promise<void> | undefined;
  cancelOk: Promise<void> | undefined;
  private tags = 0;

  connection() {
    return { createChannel: () => Promise.resolve(this.channel()) };
  }

  private channel() {
    const emitter = new EventEmitter();
    const done = () => Promise.resolve({});
    return Object.assign(emitter, {
      assertExchange: done,
      assertQueue: done,
      bindQueue: done,
      prefetch: done,
      close: done,
      cancel: async (tag: string) => {
        this.cancelled.push(tag);
        await this.cancelOk;
        return {};
      },
      consume: async (queue: string, onMessage: (message: null) => void) => {
        if (this.refuseConsume.has(queue)) throw new Error(`404 no queue ${queue}`);
        this.consumed.push(queue);
        const consumerTag = `tag-${(this.tags += 1)}`;
        await this.consumeOk;
        if (this.cancelAtConsumeOk.delete(queue)) onMessage(null);
        return { consumerTag };
      },
    });
  }
}

const plan = (name: string): WorkQueue => ({
  name,
  prefetch: 1,
  bindings: [],
  retryQueues: [],
  parkingLot: `${name}.parking-lot`,
});

function consumersOn(
  broker: ScriptedBroker,
  queues: string[],
  backoff: { initialMs: number; maxMs: number } = { initialMs: 1, maxMs: 1 },
) {
  const connection = Object.assign(new EventEmitter(), { current: broker.connection() });
  const publishing = Object.assign(new EventEmitter(), { isConnected: true });
  const metrics = new MessagingMetrics(new Registry());
  const consumers = new QueueConsumers(
    {
      consuming: connection as unknown as BrokerConnection,
      publishing: publishing as unknown as BrokerConnection,
    },
    () => undefined,
    metrics,
    pino({ level: 'silent' }),
    backoff,
  );
  for (const queue of queues) consumers.add(queue, plan(queue));
  return { consumers, connection, publishing, metrics };
}

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('QueueConsumers', () => {
  it('sets up the queues after one that cannot be consumed, and retries that one', async () => {
    const broker = new ScriptedBroker();
    broker.refuseConsume.add('a');
    const { consumers } = consumersOn(broker, ['a', 'b']);
    consumers.start();
    await until(() => broker.consumed.includes('b'));
    broker.refuseConsume.clear();
    await until(() => broker.consumed.includes('a'));
    await consumers.cancelAll();
  });

  it('consumes again when the broker cancels the consumer before the client has its tag', async () => {
    const broker = new ScriptedBroker();
    broker.cancelAtConsumeOk.add('a');
    const { consumers, metrics } = consumersOn(broker, ['a']);
    consumers.start();
    await until(() => broker.consumed.length === 2);
    const recoveries = await metrics.consumerRecoveries.get();
    expect(recoveries.values).toEqual([
      expect.objectContaining({ labels: { queue: 'a', reason: 'consumer-cancelled' }, value: 1 }),
    ]);
    await consumers.cancelAll();
  });

  it('recovers on a new connection although a recovery for the old one was still waiting', async () => {
    const broker = new ScriptedBroker();
    // Read on every recovery: a minute at first, then 1 ms.
    const backoff = { initialMs: 60_000, maxMs: 60_000 };
    const { consumers, connection } = consumersOn(broker, ['a'], backoff);
    // A cancel on the first connection schedules a recovery up to a minute away.
    broker.cancelAtConsumeOk.add('a');
    consumers.start();
    await until(() => broker.consumed.length === 1);
    // The connection is replaced; on the new one the consumer is cancelled again.
    const next = broker.connection();
    connection.current = next;
    backoff.initialMs = 1;
    backoff.maxMs = 1;
    broker.cancelAtConsumeOk.add('a');
    connection.emit('connected', next);
    await until(() => broker.consumed.length === 3);
    await consumers.cancelAll();
  });

  it('consumes only while the publishing connection is up, whatever pause and resume say', async () => {
    const broker = new ScriptedBroker();
    const { consumers, publishing, metrics } = consumersOn(broker, ['a', 'b']);
    const paused = async () =>
      (await metrics.consumerPaused.get()).values.map(({ labels, value }) => [labels.queue, value]);
    // Start-up with the publishing connection not open yet: channels, but no consumers.
    publishing.isConnected = false;
    consumers.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broker.consumed).toEqual([]);
    expect(await paused()).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    // A breaker's resume does not override the hold.
    await consumers.resume('a');
    expect(broker.consumed).toEqual([]);
    publishing.isConnected = true;
    publishing.emit('connected');
    await until(() => broker.consumed.length === 2);
    expect(await paused()).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    // Lost: both consumers cancelled. Back: consuming again, except the queue a breaker paused.
    publishing.isConnected = false;
    publishing.emit('disconnected');
    await until(() => broker.cancelled.length === 2);
    await consumers.pause('b');
    publishing.isConnected = true;
    publishing.emit('connected');
    await until(() => broker.consumed.length === 3);
    expect(broker.consumed).toEqual(['a', 'b', 'a']);
    expect(await paused()).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    await consumers.cancelAll();
  });

  it('consumes after all when the publishing connection came back while an unwanted consumer was being cancelled', async () => {
    const broker = new ScriptedBroker();
    const { consumers, publishing } = consumersOn(broker, ['a']);
    let consumeOk = () => undefined as void;
    let cancelOk = () => undefined as void;
    broker.consumeOk = new Promise((resolve) => (consumeOk = resolve));
    broker.cancelOk = new Promise((resolve) => (cancelOk = resolve));
    consumers.start();
    await until(() => broker.consumed.length === 1);
    // Lost while the consume-ok is on its way: there is no tag to cancel yet.
    publishing.isConnected = false;
    publishing.emit('disconnected');
    consumeOk();
    // The consume-ok came: the consumer is not wanted, and its cancel is on its way.
    await until(() => broker.cancelled.length === 1);
    publishing.isConnected = true;
    publishing.emit('connected');
    await new Promise((resolve) => setTimeout(resolve, 10));
    cancelOk();
    // The release found the queue still starting; once the cancel is done it consumes.
    await until(() => broker.consumed.length === 2);
    await consumers.cancelAll();
    expect(broker.cancelled).toHaveLength(2);
  });

  it('keeps trying, without failing the process, when the consume after a hold is refused', async () => {
    const broker = new ScriptedBroker();
    const { consumers, publishing } = consumersOn(broker, ['a']);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      publishing.isConnected = false;
      consumers.start();
      await new Promise((resolve) => setTimeout(resolve, 10));
      broker.refuseConsume.add('a');
      publishing.isConnected = true;
      publishing.emit('connected');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(broker.consumed).toEqual([]);
      broker.refuseConsume.clear();
      await until(() => broker.consumed.length === 1);
      await consumers.cancelAll();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('shuts down only once a consumer still being set up has been cancelled', async () => {
    const broker = new ScriptedBroker();
    const { consumers } = consumersOn(broker, ['a']);
    let consumeOk = () => undefined as void;
    broker.consumeOk = new Promise((resolve) => (consumeOk = resolve));
    consumers.start();
    await until(() => broker.consumed.length === 1);
    let cancelled = false;
    const shutdown = consumers.cancelAll().then(() => (cancelled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // No tag yet, so nothing to cancel: the shutdown waits for the consume-ok.
    expect(cancelled).toBe(false);
    consumeOk();
    await shutdown;
    expect(broker.cancelled).toEqual(['tag-1']);
  });
});
