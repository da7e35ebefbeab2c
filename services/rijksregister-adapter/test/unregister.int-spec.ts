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
import { RijksregisterAdapterModule } from '../src/rijksregister-adapter.module';

const root = findProjectRoot();
const contracts = ContractRegistry.fromDirectory(join(root, 'contracts', 'messages'));
const BREAKER = 'rijksregister.RegistreerUitschrijving';

/**
 * `rijksregister.person.unregister.v1` over real sockets: RabbitMQ, the adapter in this process
 * and the MAGDA simulator over HTTP. The run has its own service name (own queues).
 */
describe('rijksregister-adapter unregisters persons at the MAGDA simulator', () => {
  const simulator = new MagdaSimulator(root);
  const service = `rijksregister-adapter-unreg-${randomUUID().slice(0, 8)}`;
  const breakerStates: string[] = [];
  let broker: ChannelModel;
  let channel: Channel;
  let adapter: TestService;

  beforeAll(async () => {
    const port = await simulator.listen(0);
    const base = `http://127.0.0.1:${port}`;
    Object.assign(process.env, {
      MAGDA_GEEFPERSOON_URL: `${base}/GeefPersoonDienst-02.02/soap/WebService`,
      MAGDA_REGISTREER_URL: `${base}/RegistreerInschrijvingDienst-02.01/soap/WebService`,
      MAGDA_UITSCHRIJVING_URL: `${base}/RegistreerUitschrijvingDienst-02.01/soap/WebService`,
      // Opens after a few failed calls and probes every second, so an outage opens it quickly.
      UITSCHRIJVING_BREAKER_TIMEOUT_MS: '1000',
      UITSCHRIJVING_BREAKER_SLOW_CALL_MS: '900',
      UITSCHRIJVING_BREAKER_VOLUME_THRESHOLD: '3',
      UITSCHRIJVING_BREAKER_RESET_TIMEOUT_MS: '1000',
    });
    broker = await connect(TEST_AMQP_URL);
    channel = await broker.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, 'toevlucht.events', 'integration.breaker.#');
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const data = JSON.parse(message.content.toString('utf8')) as Record<string, unknown>;
        if (data['service'] === 'rijksregister-adapter' && data['breaker'] === BREAKER)
          breakerStates.push(String(data['state']));
      },
      { noAck: true },
    );
    adapter = await startTestService({
      name: service,
      module: RijksregisterAdapterModule,
      contracts,
      env: { LOG_LEVEL: 'warn', MESSAGE_PREFETCH: '10', MESSAGE_RETRY_DELAYS_MS: '200,500,1000' },
    });
    await until('the adapter consuming', async () => (await consumers()) > 0, 20_000);
  });

  afterAll(async () => {
    await adapter.stop();
    await deleteServiceQueues(service);
    await broker.close();
    await simulator.close();
  });

  beforeEach(() => {
    simulator.reset();
    breakerStates.length = 0;
  });

  const until = (description: string, condition: () => boolean | Promise<boolean>, ms: number) =>
    waitFor(description, async () => ((await condition()) ? true : undefined), ms);

  const publish = (type: string, payload: Record<string, unknown>) =>
    adapter.app.get(MessagePublisher).publish(type, { requester: 'registration', ...payload });

  /** Consumers on the work queue; -1 while it does not exist (a failed check closes a channel). */
  async function consumers(): Promise<number> {
    const probe = await broker.createChannel();
    probe.on('error', () => undefined);
    try {
      return (await probe.checkQueue(workQueueName(service, 'default'))).consumerCount;
    } catch {
      return -1;
    } finally {
      await probe.close().catch(() => undefined);
    }
  }

  async function parked(): Promise<number> {
    return (await channel.checkQueue(`${service}.parking-lot`)).messageCount;
  }

  async function registered(subjectRef: string, insz: string): Promise<void> {
    await publish('rijksregister.person.register.v1', {
      subjectRef,
      insz,
      period: { begin: '2026-01-01' },
    });
    await until(`${subjectRef} registered`, () => simulator.repertorium.has(insz), 20_000);
  }

  it('ends a registration: without an end the person leaves the repertorium, with one it ends that day', async () => {
    await registered('unreg-1', '85650100153');
    await registered('unreg-2', '83660200264');
    await publish('rijksregister.person.unregister.v1', {
      subjectRef: 'unreg-1',
      insz: '85650100153',
    });
    await publish('rijksregister.person.unregister.v1', {
      subjectRef: 'unreg-2',
      insz: '83660200264',
      end: '2026-06-30',
    });
    await until('the first unregistered', () => !simulator.repertorium.has('85650100153'), 20_000);
    await until(
      'the second ended',
      () => simulator.repertorium.get('83660200264')?.end !== undefined,
      20_000,
    );
    expect(simulator.repertorium.get('83660200264')).toEqual({
      begin: '2026-01-01',
      end: '2026-06-30',
    });
    expect(simulator.snapshot().calls['RegistreerUitschrijving']).toBe(2);
    expect(await parked()).toBe(0);
  });

  it('takes "not in the repertorium" as done, and parks a deregistration MAGDA refuses', async () => {
    const parkedBefore = await parked();
    // Never registered: MAGDA answers 13202, which is the state the command asks for.
    await publish('rijksregister.person.unregister.v1', {
      subjectRef: 'unreg-absent',
      insz: '85650100153',
    });
    await until(
      'the first answered',
      () => simulator.snapshot().calls['RegistreerUitschrijving'] === 1,
      20_000,
    );
    // 11111111111 is refused (20002, invalid INSZ): retrying cannot help.
    await publish('rijksregister.person.unregister.v1', {
      subjectRef: 'unreg-refused',
      insz: '11111111111',
    });
    await until('the refusal parked', async () => (await parked()) === parkedBefore + 1, 20_000);
    const message = await channel.get(`${service}.parking-lot`, { noAck: true });
    expect(message && message.properties.type).toBe('rijksregister.person.unregister.v1');
    // Had 13202 been taken as a refusal, the first command would be the one parked.
    expect(message && JSON.parse(message.content.toString('utf8'))).toMatchObject({
      subjectRef: 'unreg-refused',
    });
    expect(message && message.properties.headers?.['x-toevlucht-park-reason']).toBe(
      'handler-rejected',
    );
    expect(simulator.snapshot().calls['RegistreerUitschrijving']).toBe(2);
  });

  it('rides out an outage: the breaker opens, the command waits, then succeeds once it is over', async () => {
    await registered('unreg-outage', '85650100153');
    const parkedBefore = await parked();
    simulator.configure('RegistreerUitschrijving', { outage: true });
    await publish('rijksregister.person.unregister.v1', {
      subjectRef: 'unreg-outage',
      insz: '85650100153',
    });
    await until('the breaker open', () => breakerStates.includes('open'), 20_000);
    // While it is open the shared work queue is paused, lookups and registrations included.
    await until('the consumer paused', async () => (await consumers()) === 0, 10_000);
    expect(simulator.repertorium.has('85650100153')).toBe(true);
    simulator.configure('RegistreerUitschrijving', { outage: false });
    await until('unregistered', () => !simulator.repertorium.has('85650100153'), 20_000);
    await until('the breaker closed', () => breakerStates.includes('closed'), 10_000);
    expect(breakerStates).toEqual(expect.arrayContaining(['open', 'half-open', 'closed']));
    expect(simulator.snapshot().faults['RegistreerUitschrijving']).toBeGreaterThanOrEqual(3);
    await until('the consumer resumed', async () => (await consumers()) > 0, 10_000);
    expect(await parked()).toBe(parkedBefore);
  });
});
