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

interface Result {
  type: string;
  data: Record<string, unknown>;
}

/**
 * The adapter over real sockets: RabbitMQ, the adapter (in this process, as one or two
 * replicas) and the MAGDA simulator over HTTP. Each test run has its own service name (own
 * queues) and recognises its results by a subjectRef prefix.
 */
describe('rijksregister-adapter with the MAGDA simulator', () => {
  const simulator = new MagdaSimulator(root);
  const service = `rijksregister-adapter-test-${randomUUID().slice(0, 8)}`;
  const run = randomUUID().slice(0, 8);
  const results: Result[] = [];
  let broker: ChannelModel;
  let channel: Channel;
  const replicas: TestService[] = [];

  beforeAll(async () => {
    const port = await simulator.listen(0);
    Object.assign(process.env, {
      MAGDA_GEEFPERSOON_URL: `http://127.0.0.1:${port}/GeefPersoonDienst-02.02/soap/WebService`,
      MAGDA_REGISTREER_URL: `http://127.0.0.1:${port}/RegistreerInschrijvingDienst-02.01/soap/WebService`,
      GEEFPERSOON_BREAKER_TIMEOUT_MS: '1000',
      GEEFPERSOON_BREAKER_SLOW_CALL_MS: '900',
      GEEFPERSOON_BREAKER_VOLUME_THRESHOLD: '10',
      GEEFPERSOON_BREAKER_RESET_TIMEOUT_MS: '1000',
      GEEFPERSOON_BREAKER_WINDOW_MS: '5000',
      GEEFPERSOON_BREAKER_MAX_CONCURRENT: '10',
    });
    broker = await connect(TEST_AMQP_URL);
    channel = await broker.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, 'toevlucht.events', 'rijksregister.person.#');
    await channel.bindQueue(queue, 'toevlucht.events', 'integration.breaker.#');
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const data = JSON.parse(message.content.toString('utf8')) as Record<string, unknown>;
        const ours =
          typeof data['subjectRef'] === 'string'
            ? data['subjectRef'].startsWith(run)
            : data['service'] === 'rijksregister-adapter';
        if (ours) results.push({ type: String(message.properties.type), data });
      },
      { noAck: true },
    );
    replicas.push(await startReplica());
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await deleteServiceQueues(service);
    await broker.close();
    await simulator.close();
  });

  beforeEach(() => {
    simulator.reset();
    results.length = 0;
  });

  async function startReplica(): Promise<TestService> {
    const before = replicas.length;
    const replica = await startTestService({
      name: service,
      module: RijksregisterAdapterModule,
      contracts,
      env: { LOG_LEVEL: 'warn', MESSAGE_PREFETCH: '10', MESSAGE_RETRY_DELAYS_MS: '200,500,1000' },
    });
    await until(
      'the replica consuming',
      async () => {
        const ready = await fetch(`${replica.url}/health/ready`);
        if (ready.status !== 200) return false;
        return (await consumersOf(broker, workQueueName(service, 'default'))) > before;
      },
      20_000,
    );
    return replica;
  }

  async function lookup(subjectRef: string, insz: string): Promise<void> {
    await replicas[0]!.app.get(MessagePublisher).publish('rijksregister.person.lookup.v1', {
      subjectRef,
      requester: 'registration',
      insz,
    });
  }

  const until = (description: string, condition: () => boolean | Promise<boolean>, ms: number) =>
    waitFor(description, async () => ((await condition()) ? true : undefined), ms);

  const answered = (prefix: string) =>
    results.filter(
      (result) =>
        result.type.startsWith('rijksregister.person.') &&
        String(result.data['subjectRef']).startsWith(prefix),
    );

  async function parked(): Promise<number> {
    const { messageCount } = await channel.checkQueue(`${service}.parking-lot`);
    return messageCount;
  }

  it('maps the seeded persons to looked-up, not-found, insz-changed and lookup-failed', async () => {
    const cases: [string, string][] = [
      ['adult', '85650100153'],
      ['deceased', '40620500491'],
      ['bis', '90450100127'],
      ['unknown', '74612515806'],
      ['changed', '88460100111'],
      ['invalid', '11111111111'],
    ];
    for (const [name, insz] of cases) await lookup(`${run}-map-${name}`, insz);
    await until('all answers', () => answered(`${run}-map-`).length === cases.length, 20_000);
    const byName = (name: string) =>
      results.find((result) => result.data['subjectRef'] === `${run}-map-${name}`)!;
    expect(byName('adult').type).toBe('rijksregister.person.looked-up.v1');
    expect(byName('adult').data['person']).toEqual({
      familyNames: ['Testpersoon'],
      givenNames: ['Olena'],
      birthDate: '1985-05-01',
      gender: 'F',
      nationalities: ['AF'],
      register: 'rijksregister',
      mainAddress: {
        street: 'Voorbeeldstraat',
        houseNumber: '12',
        postcode: '9000',
        municipality: 'Gent',
        nisCode: '44021',
        since: '2024-03-01',
      },
    });
    expect(byName('adult').data['referte']).toMatch(/^[0-9a-f-]{36}$/);
    expect(byName('deceased').data['person']).toMatchObject({ deceased: { date: '2025-11-02' } });
    expect(byName('bis').data['person']).toMatchObject({ register: 'bis' });
    expect(byName('unknown')).toMatchObject({
      type: 'rijksregister.person.not-found.v1',
      data: { code: '30001' },
    });
    expect(byName('changed')).toMatchObject({
      type: 'rijksregister.person.insz-changed.v1',
      data: { previousInsz: '88460100111', currentInsz: '88660100135' },
    });
    expect(byName('invalid')).toMatchObject({
      type: 'rijksregister.person.lookup-failed.v1',
      data: { code: '20002', origin: 'MAGDA' },
    });
  });

  it('registers persons in the repertorium, and parks a registration MAGDA refuses', async () => {
    const publisher = replicas[0]!.app.get(MessagePublisher);
    await publisher.publish('rijksregister.person.register.v1', {
      subjectRef: `${run}-reg-1`,
      requester: 'registration',
      insz: '85650100153',
      period: { begin: '2026-01-01', end: '2026-12-31' },
    });
    await publisher.publish('rijksregister.person.register.v1', {
      subjectRef: `${run}-reg-2`,
      requester: 'registration',
      insz: '11111111111',
      period: { begin: '2026-01-01' },
    });
    await until('the registration', () => simulator.repertorium.has('85650100153'), 20_000);
    expect(simulator.repertorium.get('85650100153')).toEqual({
      begin: '2026-01-01',
      end: '2026-12-31',
    });
    await until('the refused registration parked', async () => (await parked()) === 1, 20_000);
    const message = await channel.get(`${service}.parking-lot`, { noAck: true });
    expect(message && message.properties.headers?.['x-toevlucht-park-reason']).toBe(
      'handler-rejected',
    );
    expect(simulator.repertorium.has('11111111111')).toBe(false);
  });

  it('answers 200 lookups once each at 30 % transient errors, and parks none', async () => {
    simulator.configure('GeefPersoon', { errorRate: 0.3, mode: 'magda-99996' });
    for (let i = 0; i < 200; i += 1) await lookup(`${run}-flaky-${i}`, '85650100153');
    await until('200 answers', () => answered(`${run}-flaky-`).length >= 200, 50_000);
    const subjects = answered(`${run}-flaky-`).map((result) => result.data['subjectRef']);
    expect(new Set(subjects).size).toBe(200);
    expect(subjects).toHaveLength(200);
    expect(
      answered(`${run}-flaky-`).every((r) => r.type === 'rijksregister.person.looked-up.v1'),
    ).toBe(true);
    expect(simulator.snapshot().faults['GeefPersoon']).toBeGreaterThan(0);
    expect(await parked()).toBe(0);
  });

  it('cuts a hanging connection at the timeout and counts it', async () => {
    simulator.configure('GeefPersoon', { errorRate: 1, mode: 'hang' });
    await lookup(`${run}-hang-1`, '85650100153');
    const metrics = async () => (await fetch(`${replicas[0]!.url}/metrics`)).text();
    await until(
      'a timeout counted',
      async () =>
        /toevlucht_breaker_calls_total\{[^}]*outcome="timeout"[^}]*\} [1-9]/.test(await metrics()),
      20_000,
    );
    simulator.configure('GeefPersoon', { errorRate: 0 });
    await until('the answer after the hang', () => answered(`${run}-hang-`).length === 1, 30_000);
    expect(answered(`${run}-hang-`)[0]!.type).toBe('rijksregister.person.looked-up.v1');
  });

  it('opens the breaker during a 20 s outage, calls nothing while open, and answers all 500 once', async () => {
    // 100 ms per answer, 10 at a time: the backlog lasts about 5 s, so the outage hits it.
    simulator.configure('GeefPersoon', { latencyMs: 100 });
    for (let i = 0; i < 500; i += 1) await lookup(`${run}-outage-${i}`, '85650100153');
    await until(
      'some answers before the outage',
      () => answered(`${run}-outage-`).length >= 50,
      30_000,
    );
    simulator.configure('GeefPersoon', { outage: true });
    await until('the breaker open', () => breakerStates().includes('open'), 20_000);
    const callsWhenOpened = simulator.snapshot().calls['GeefPersoon'] ?? 0;
    // While the outage lasts, only half-open probes (one per reset timeout) reach the partner.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const callsDuringOutage = (simulator.snapshot().calls['GeefPersoon'] ?? 0) - callsWhenOpened;
    expect(callsDuringOutage).toBeLessThanOrEqual(25);
    simulator.configure('GeefPersoon', { outage: false, latencyMs: 0 });
    await until('all 500 answered', () => answered(`${run}-outage-`).length >= 500, 50_000);
    const subjects = answered(`${run}-outage-`).map((result) => result.data['subjectRef']);
    expect(new Set(subjects).size).toBe(500);
    expect(subjects).toHaveLength(500);
    expect(breakerStates()).toEqual(expect.arrayContaining(['open', 'half-open', 'closed']));
    expect(await parked()).toBe(0);
    // Its own waits are bounded (30 + 20 + 20 + 50 s at worst), which a loaded CI machine can
    // push past the suite's 60 s; the test bounds itself rather than racing Jest's timeout.
  }, 150_000);

  it('shares a backlog between two replicas without a duplicate result', async () => {
    replicas.push(await startReplica());
    simulator.configure('GeefPersoon', { latencyMs: 20 });
    for (let i = 0; i < 200; i += 1) await lookup(`${run}-two-${i}`, '85650100153');
    await until('200 answers', () => answered(`${run}-two-`).length >= 200, 50_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const subjects = answered(`${run}-two-`).map((result) => result.data['subjectRef']);
    expect(subjects).toHaveLength(200);
    expect(new Set(subjects).size).toBe(200);
    const handledBy = await Promise.all(
      replicas.map(async (replica) => {
        const text = await (await fetch(`${replica.url}/metrics`)).text();
        const match = /toevlucht_breaker_calls_total\{[^}]*outcome="success"[^}]*\} (\d+)/.exec(
          text,
        );
        return Number(match?.[1] ?? 0);
      }),
    );
    // Both replicas took part (competing consumers on one queue).
    expect(handledBy.every((count) => count > 0)).toBe(true);
  });

  it('shuts down while the breaker is open and deliveries wait in it, losing none of them', async () => {
    for (const replica of replicas.splice(0)) await replica.stop();
    // A breaker that stays open for a minute: only ending its waits lets the replica stop.
    process.env['GEEFPERSOON_BREAKER_RESET_TIMEOUT_MS'] = '60000';
    process.env['GEEFPERSOON_BREAKER_FIRST_RESET_TIMEOUT_MS'] = '60000';
    replicas.push(await startReplica());
    simulator.configure('GeefPersoon', { outage: true });
    for (let i = 0; i < 40; i += 1) await lookup(`${run}-stop-${i}`, '85650100153');
    await until('the breaker open', () => breakerStates().includes('open'), 20_000);
    for (const replica of replicas.splice(0)) await replica.stop();
    process.env['GEEFPERSOON_BREAKER_RESET_TIMEOUT_MS'] = '1000';
    delete process.env['GEEFPERSOON_BREAKER_FIRST_RESET_TIMEOUT_MS'];
    simulator.configure('GeefPersoon', { outage: false });
    replicas.push(await startReplica());
    await until('all 40 answered', () => answered(`${run}-stop-`).length >= 40, 40_000);
    const subjects = answered(`${run}-stop-`).map((result) => result.data['subjectRef']);
    expect(new Set(subjects).size).toBe(40);
    expect(subjects).toHaveLength(40);
    expect(await parked()).toBe(0);
  });

  function breakerStates(): string[] {
    return results
      .filter((result) => result.type === 'integration.breaker.state-changed.v1')
      .map((result) => String(result.data['state']));
  }
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
