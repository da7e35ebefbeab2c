import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { ContractRegistry, MessagePublisher, workQueueName } from '@toevlucht/messaging';
import { findProjectRoot } from '@toevlucht/runtime';
import {
  deleteServiceQueues,
  startTestService,
  TEST_AMQP_URL,
  type TestService,
  waitFor,
} from '@toevlucht/testing';
import { MagdaSimulator } from '../../../simulators/magda/src/magda-simulator';
import { MagdaOnderwijsAdapterModule } from '../src/magda-onderwijs-adapter.module';

const root = findProjectRoot();
const contracts = ContractRegistry.fromDirectory(join(root, 'contracts', 'messages'));

/** magda-onderwijs-adapter over real sockets: RabbitMQ and the MAGDA simulator over HTTP. */
describe('magda-onderwijs-adapter with the MAGDA simulator', () => {
  const simulator = new MagdaSimulator(root);
  const service = `magda-onderwijs-adapter-test-${randomUUID().slice(0, 8)}`;
  const run = randomUUID().slice(0, 8);
  const results: { type: string; data: Record<string, unknown> }[] = [];
  let broker: ChannelModel;
  let channel: Channel;
  let adapter: TestService;

  const until = (description: string, condition: () => boolean | Promise<boolean>, ms: number) =>
    waitFor(description, async () => ((await condition()) ? true : undefined), ms);

  beforeAll(async () => {
    const port = await simulator.listen(0);
    Object.assign(process.env, {
      MAGDA_HISTORIEK_URL: `http://127.0.0.1:${port}/GeefHistoriekInschrijvingDienst-02.01/soap/WebService`,
      HISTORIEK_BREAKER_TIMEOUT_MS: '1000',
      HISTORIEK_BREAKER_VOLUME_THRESHOLD: '10',
      HISTORIEK_BREAKER_RESET_TIMEOUT_MS: '1000',
    });
    broker = await connect(TEST_AMQP_URL);
    channel = await broker.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, 'toevlucht.events', 'magda.onderwijs.#');
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const data = JSON.parse(message.content.toString('utf8')) as Record<string, unknown>;
        if (String(data['subjectRef']).startsWith(run))
          results.push({ type: String(message.properties.type), data });
      },
      { noAck: true },
    );
    adapter = await startTestService({
      name: service,
      module: MagdaOnderwijsAdapterModule,
      contracts,
      env: { LOG_LEVEL: 'warn', MESSAGE_PREFETCH: '10', MESSAGE_RETRY_DELAYS_MS: '200,500,1000' },
    });
    await until(
      'the adapter consuming',
      async () => (await consumersOf(broker, workQueueName(service, 'default'))) > 0,
      20_000,
    );
  });

  afterAll(async () => {
    await adapter.stop();
    await deleteServiceQueues(service);
    await broker.close();
    await simulator.close();
  });

  beforeEach(() => {
    simulator.reset();
    results.length = 0;
  });

  const lookup = (subjectRef: string, insz: string) =>
    adapter.app.get(MessagePublisher).publish('magda.onderwijs.enrolment-history.lookup.v1', {
      subjectRef,
      requester: 'registration',
      insz,
      period: { begin: '2020-01-01', end: '2026-12-31' },
    });
  const answered = (prefix: string) =>
    results.filter((result) => String(result.data['subjectRef']).startsWith(prefix));

  it('maps enrolments, a child without any, and a refused question', async () => {
    await lookup(`${run}-adult`, '85650100153');
    await lookup(`${run}-child`, '15610300318');
    await lookup(`${run}-none`, '19630600532');
    await lookup(`${run}-invalid`, '11111111111');
    await until('four answers', () => answered(run).length === 4, 20_000);
    const of = (name: string) => results.find((r) => r.data['subjectRef'] === `${run}-${name}`)!;
    expect(of('adult')).toMatchObject({
      type: 'magda.onderwijs.enrolment-history.retrieved.v1',
      data: {
        enrolments: [
          {
            source: 'VWO',
            institutionNumber: '126541',
            institutionName: 'Centrum voor Basiseducatie Gent',
            level: 'Nederlands tweede taal richtgraad 1',
            begin: '2024-09-01',
            status: 'INGESCHREVEN',
          },
        ],
      },
    });
    expect(of('child').data['enrolments']).toEqual([
      {
        source: 'LP',
        institutionNumber: '012345',
        institutionName: 'Basisschool De Regenboog',
        level: 'Lager onderwijs',
        begin: '2024-09-01',
      },
    ]);
    expect(of('none')).toMatchObject({
      type: 'magda.onderwijs.enrolment-history.retrieved.v1',
      data: { enrolments: [] },
    });
    expect(of('invalid')).toMatchObject({
      type: 'magda.onderwijs.enrolment-history.lookup-failed.v1',
      data: { code: '20002', origin: 'MAGDA' },
    });
  });

  it('answers 100 lookups once each at 30 % MAGDA 60006, none parked', async () => {
    simulator.configure('GeefHistoriekInschrijving', { errorRate: 0.3, mode: 'magda-60006' });
    for (let i = 0; i < 100; i += 1) await lookup(`${run}-flaky-${i}`, '15610300318');
    await until('100 answers', () => answered(`${run}-flaky-`).length >= 100, 40_000);
    const subjects = answered(`${run}-flaky-`).map((result) => result.data['subjectRef']);
    expect(new Set(subjects).size).toBe(100);
    expect(subjects).toHaveLength(100);
    expect(simulator.snapshot().faults['GeefHistoriekInschrijving']).toBeGreaterThan(0);
    const { messageCount } = await channel.checkQueue(`${service}.parking-lot`);
    expect(messageCount).toBe(0);
  });
});

/** Consumers on a queue, or -1 while it does not exist yet (a failed check closes its channel). */
async function consumersOf(broker: ChannelModel, queue: string): Promise<number> {
  const probe = await broker.createChannel();
  probe.on('error', () => undefined);
  try {
    return (await probe.checkQueue(queue)).consumerCount;
  } catch {
    return -1;
  } finally {
    await probe.close().catch(() => undefined);
  }
}
