import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  closeConsumerChannelsByBroker,
  deleteServiceQueues,
  startTestService,
  TcpProxy,
  httpGet,
  TEST_AMQP_URL,
  waitFor,
  waitForStatus,
  type TestService,
} from '@toevlucht/testing';
import {
  AmqpTransport,
  BrokerConnections,
  EVENTS_EXCHANGE,
  MessagingMetrics,
  parkingLotName,
  retryQueueName,
} from '@toevlucht/messaging';
import {
  consumerModule,
  declareClassicQueue,
  declareRetryQueue,
  deleteQueue,
  drainQueue,
  HAPPENED,
  rejectNext,
  type ParkedMessage,
  Probe,
  publishRaw,
  queueDepth,
  TEST_CONTRACTS,
  uniqueName,
  validHappened,
} from './messaging-fixtures';

const ROOT = join(__dirname, '../../..');

/** Runs the compiled `npm run parking-lot` tool, as ops would. */
function parkingLotCli(args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/tools/parking-lot.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', AMQP_URL: TEST_AMQP_URL },
  });
  return { status: result.status, stdout: `${result.stdout}${result.stderr}` };
}

describe('the AMQP transport consuming from a real RabbitMQ', () => {
  let service: TestService | undefined;
  let name = '';
  let probe: Probe;

  async function startConsumer(env: Record<string, string> = {}): Promise<TestService> {
    name = uniqueName('test-consumer');
    probe = new Probe();
    service = await startTestService({
      name,
      module: consumerModule(probe),
      contracts: TEST_CONTRACTS,
      env,
    });
    const transport = service.app.get(AmqpTransport);
    await waitFor('consumers to be ready', () =>
      Promise.resolve(
        transport.workQueues.length > 0 && service?.logs.some((l) => l['msg'] === 'consumers ready')
          ? true
          : undefined,
      ),
    );
    return service;
  }

  async function parked(count: number): Promise<ParkedMessage[]> {
    const found: ParkedMessage[] = [];
    await waitFor(`${count} parked message(s)`, async () => {
      found.push(...(await drainQueue(parkingLotName(name))));
      return found.length >= count ? true : undefined;
    });
    return found;
  }

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    if (name !== '') await deleteServiceQueues(name);
  });

  it('delivers a valid message once to its @EventPattern handler and acks it', async () => {
    await startConsumer();
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, ...validHappened({ thingId: 't-1', sequence: 1 }));
    await waitFor('the handler', () =>
      Promise.resolve(probe.calls.length === 1 ? true : undefined),
    );
    expect(probe.calls[0]).toMatchObject({ data: { thingId: 't-1', sequence: 1 }, attempt: 1 });
    await waitFor('the queue to be empty', async () =>
      (await queueDepth(name)) === 0 ? true : undefined,
    );
  });

  it('retries a handler that throws three times through the delay tiers, then handles it', async () => {
    await startConsumer();
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-2', sequence: 1, behaviour: 'fail-3-times' }),
    );
    await waitFor('the fourth attempt', () =>
      Promise.resolve(probe.calls.length === 4 ? true : undefined),
    );
    expect(probe.calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.calls).toHaveLength(4);
    expect(await queueDepth(parkingLotName(name))).toBe(0);
  });

  it('parks a message whose handler always throws, after the configured attempts, with the reason', async () => {
    await startConsumer();
    const [body, properties] = validHappened({
      thingId: 't-3',
      sequence: 1,
      behaviour: 'always-fail',
    });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    const [message] = await parked(1);
    expect(probe.calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
    expect(message?.messageId).toBe(properties.messageId);
    expect(message?.headers).toMatchObject({
      'x-toevlucht-park-reason': 'retries-exhausted',
      'x-toevlucht-park-detail': 'handler failed on attempt 4',
      'x-toevlucht-attempt': 4,
      'x-toevlucht-original-exchange': EVENTS_EXCHANGE,
      'x-toevlucht-original-routing-key': HAPPENED,
      'x-toevlucht-parked-from': name,
    });
    expect(message?.headers['x-toevlucht-error-stack']).toContain('handler failed on attempt 4');
    const metrics = await (await fetch(`${service?.url ?? ''}/metrics`)).text();
    const labels = `queue="${name}",type="${HAPPENED}"`;
    expect(metrics).toMatch(
      new RegExp(`toevlucht_messages_retried_total\\{[^}]*${labels}[^}]*\\} 3\\n`),
    );
    expect(metrics).toMatch(
      new RegExp(
        `toevlucht_messages_parked_total\\{[^}]*${labels},reason="retries-exhausted"[^}]*\\} 1\\n`,
      ),
    );
    expect(metrics).toMatch(
      /toevlucht_message_handler_duration_seconds_count\{[^}]*outcome="failure"[^}]*\} 4\n/,
    );
    expect(metrics).toMatch(/toevlucht_publish_confirm_duration_seconds_count\{[^}]*\} 4\n/);
    expect(
      Date.parse(String(message?.headers['x-toevlucht-first-failure-at'])),
    ).toBeLessThanOrEqual(Date.parse(String(message?.headers['x-toevlucht-last-failure-at'])));
  });

  it('parks at once when the handler declares the failure permanent', async () => {
    await startConsumer();
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-4', sequence: 1, behaviour: 'reject' }),
    );
    const [message] = await parked(1);
    expect(probe.calls).toHaveLength(1);
    expect(message?.headers).toMatchObject({
      'x-toevlucht-park-reason': 'handler-rejected',
      'x-toevlucht-park-detail': 'this thing can never be handled',
    });
  });

  it('parks malformed input at once with the reason and goes on with the next message (prefetch 1)', async () => {
    await startConsumer({ MESSAGE_PREFETCH: '1' });
    const [, properties] = validHappened({ thingId: 'x', sequence: 0 });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, '{not json', {
      ...properties,
      messageId: 'm-not-json',
    });
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      JSON.stringify({ thingId: '', sequence: -1, extra: true }),
      {
        ...properties,
        messageId: 'm-invalid',
      },
    );
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, JSON.stringify({ thingId: 'a', sequence: 1 }), {
      ...properties,
      messageId: 'm-unknown-type',
      type: 'test.thing.unheard-of.v1',
    });
    const { messageId: _dropped, ...withoutId } = properties;
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      JSON.stringify({ thingId: 'a', sequence: 1 }),
      withoutId,
    );
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-after', sequence: 5 }),
    );

    await waitFor('the valid message after the bad ones', () =>
      Promise.resolve(probe.calls.length === 1 ? true : undefined),
    );
    expect(probe.calls[0]?.data.thingId).toBe('t-after');
    const messages = await parked(4);
    const reasons = Object.fromEntries(
      messages.map((message) => [
        typeof message.messageId === 'string' ? message.messageId : 'none',
        message.headers['x-toevlucht-park-reason'],
      ]),
    );
    expect(reasons).toMatchObject({
      'm-not-json': 'not-json',
      'm-invalid': 'schema-invalid',
      'm-unknown-type': 'unknown-type',
    });
    expect(Object.values(reasons)).toContain('missing-message-id');
    const invalid = messages.find((message) => message.messageId === 'm-invalid');
    expect(invalid?.headers['x-toevlucht-park-detail']).toEqual(
      expect.stringContaining('/thingId must NOT have fewer than 1 characters'),
    );
    expect(service?.app.get(AmqpTransport)).toBeDefined();
  });

  it('pauses and resumes consuming without losing what arrived meanwhile', async () => {
    const running = await startConsumer();
    const transport = running.app.get(AmqpTransport);
    await transport.pause();
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-paused', sequence: 1 }),
    );
    await waitFor('the message to wait in the queue', async () =>
      (await queueDepth(name)) === 1 ? true : undefined,
    );
    expect(probe.calls).toHaveLength(0);
    expect(transport.isPaused()).toBe(true);

    await transport.resume();
    await waitFor('the handler after resuming', () =>
      Promise.resolve(probe.calls.length === 1 ? true : undefined),
    );
    expect(probe.calls[0]?.data.thingId).toBe('t-paused');
  });

  it('stays paused when pause() comes while a resumed consumer is still starting', async () => {
    const running = await startConsumer();
    const transport = running.app.get(AmqpTransport);
    await transport.pause();
    // Not awaited: pause() lands while basic.consume from resume() is on its way.
    const resumed = transport.resume();
    const paused = transport.pause();
    await Promise.all([resumed, paused]);
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-race', sequence: 1 }),
    );
    await waitFor('the message to wait in the queue', async () =>
      (await queueDepth(name)) === 1 ? true : undefined,
    );
    expect(probe.calls).toHaveLength(0);
    await transport.resume();
    await waitFor('the handler after resuming', () =>
      Promise.resolve(probe.calls.length === 1 ? true : undefined),
    );
  });

  async function setUpAgain(running: TestService, reason: string): Promise<void> {
    await waitFor(`the consumer set up again (${reason})`, () =>
      Promise.resolve(
        running.logs.some(
          (entry) => entry['msg'] === 'consumer set up again' && entry['reason'] === reason,
        )
          ? true
          : undefined,
      ),
    );
  }

  async function handled(thingId: string): Promise<void> {
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, ...validHappened({ thingId, sequence: 1 }));
    await waitFor(`the handler for ${thingId}`, () =>
      Promise.resolve(probe.calls.some((call) => call.data.thingId === thingId) ? true : undefined),
    );
  }

  it('stays paused through a reconnect when pause() came while the broker was unreachable', async () => {
    const broker = new URL(TEST_AMQP_URL);
    const proxy = await TcpProxy.start(broker.hostname, Number(broker.port || 5672));
    try {
      const throughProxy = new URL(TEST_AMQP_URL);
      throughProxy.hostname = '127.0.0.1';
      throughProxy.port = String(proxy.port);
      const running = await startConsumer({ AMQP_URL: throughProxy.toString() });
      const transport = running.app.get(AmqpTransport);
      const readyCount = () =>
        running.logs.filter((entry) => entry['msg'] === 'consumers ready').length;

      proxy.down();
      await waitFor('the connections to drop', () =>
        Promise.resolve(
          running.logs.filter((entry) => entry['msg'] === 'broker connection lost; reconnecting')
            .length === 2
            ? true
            : undefined,
        ),
      );
      await transport.pause();
      await publishRaw(
        EVENTS_EXCHANGE,
        HAPPENED,
        ...validHappened({ thingId: 't-paused-offline', sequence: 1 }),
      );
      proxy.up();
      await waitFor(
        'the consumers set up again',
        () => Promise.resolve(readyCount() === 2 ? true : undefined),
        30_000,
      );
      // Set up again, but not consuming: the message waits in the queue.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(probe.calls).toHaveLength(0);
      expect(await queueDepth(name)).toBe(1);

      await transport.resume();
      await waitFor('the handler after resuming', () =>
        Promise.resolve(probe.calls.length === 1 ? true : undefined),
      );
    } finally {
      await service?.stop();
      service = undefined;
      await proxy.close();
    }
  });

  it('consumes again on a new channel when the broker closes its channel and the connection stays', async () => {
    const running = await startConsumer();
    await handled('t-before-close');
    expect(await closeConsumerChannelsByBroker(name)).toBe(1);
    await setUpAgain(running, 'channel-closed');
    await handled('t-after-close');
    // The connection stayed: each of the two connected once.
    expect(
      running.logs
        .filter((entry) => entry['msg'] === 'connected to the broker')
        .map((entry) => entry['connection'])
        .sort(),
    ).toEqual(['consume', 'publish']);
    const recoveries = await running.app.get(MessagingMetrics).consumerRecoveries.get();
    expect(recoveries.values).toEqual([
      expect.objectContaining({ labels: { queue: name, reason: 'channel-closed' }, value: 1 }),
    ]);
  });

  it('declares its queue again and consumes when the broker cancels the consumer (queue deleted)', async () => {
    const running = await startConsumer();
    await deleteQueue(name);
    await setUpAgain(running, 'consumer-cancelled');
    // Declared again with its bindings: a new event reaches it.
    await handled('t-after-delete');
    expect(await queueDepth(name)).toBe(0);
  });

  it('holds consuming while its publishing connection is down, and consumes once it is back', async () => {
    // After a broker restart the two connections come back seconds apart; consuming first, a
    // failing delivery could be neither moved nor answered and looped until the delivery limit.
    const running = await startConsumer();
    const { publishing } = running.app.get(BrokerConnections);
    await publishing.close();
    await waitFor('consuming held', () =>
      Promise.resolve(
        running.logs.some((l) => String(l['msg']).startsWith('publishing connection down'))
          ? true
          : undefined,
      ),
    );
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-held', sequence: 1, behaviour: 'fail-3-times' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(probe.calls).toHaveLength(0);
    expect(await queueDepth(name)).toBe(1);
    const paused = await running.app.get(MessagingMetrics).consumerPaused.get();
    expect(paused.values).toEqual([expect.objectContaining({ labels: { queue: name }, value: 1 })]);

    publishing.start();
    await waitFor('the fourth attempt', () =>
      Promise.resolve(probe.calls.length === 4 ? true : undefined),
    );
    expect(probe.calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
    expect(await queueDepth(parkingLotName(name))).toBe(0);
  });

  it('holds a delivery it cannot move before handing it back, so the broker does not park it in a loop', async () => {
    const running = await startConsumer();
    // The first retry tier is gone: moving a failed delivery there comes back unroutable.
    await deleteQueue(retryQueueName(name, 1));
    await publishRaw(
      EVENTS_EXCHANGE,
      HAPPENED,
      ...validHappened({ thingId: 't-unmovable', sequence: 1, behaviour: 'always-fail' }),
    );
    await waitFor('the first attempt', () =>
      Promise.resolve(probe.calls.length >= 1 ? true : undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // Handed back at once, it was delivered twenty times within a second and the broker's
    // delivery limit parked it. Held 0.25–0.5 s, then 0.5–1 s, then 1–2 s: at most four looks.
    expect(probe.calls.length).toBeLessThanOrEqual(4);
    expect(await queueDepth(parkingLotName(name))).toBe(0);
    expect(
      running.logs
        .filter((l) => l['msg'] === 'could not settle a delivery; it will be redelivered')
        .map((l) => l['redeliveries']),
    ).toEqual(probe.calls.map((_, index) => index));
    const settleFailures = await running.app.get(MessagingMetrics).settleFailures.get();
    expect(settleFailures.values).toEqual([
      expect.objectContaining({ labels: { queue: name }, value: probe.calls.length }),
    ]);

    // The tier is back and the bug fixed: the next delivery is handled, nothing parked.
    await declareRetryQueue(name, 1, 50);
    probe.fixed = true;
    const calls = probe.calls.length;
    await waitFor('a successful delivery', () =>
      Promise.resolve(probe.calls.length > calls ? true : undefined),
    );
    await waitFor('the queue to be empty', async () =>
      (await queueDepth(name)) === 0 ? true : undefined,
    );
    expect(await queueDepth(parkingLotName(name))).toBe(0);
  });

  it('is not ready until its queues are declared, and becomes ready once a refused declaration succeeds', async () => {
    name = uniqueName('test-consumer');
    probe = new Probe();
    // A classic queue of the same name: the quorum declaration is refused (406).
    await declareClassicQueue(name);
    const running = await startTestService({
      name,
      module: consumerModule(probe),
      contracts: TEST_CONTRACTS,
      awaitTopology: false,
    });
    service = running;
    const ready = `${running.url}/health/ready`;
    // Connected, so down only for the queues (before that it says the connection is not up).
    const notDeclared = await waitFor('readiness to name the undeclared queues', async () => {
      const answer = await httpGet(ready);
      return JSON.stringify(answer.body).includes('message queues not declared yet')
        ? answer
        : undefined;
    });
    expect(notDeclared.status).toBe(503);
    expect(notDeclared.body).toMatchObject({
      checks: { broker: { status: 'down', reason: 'message queues not declared yet' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await httpGet(ready)).status).toBe(503);
    // Until the conflicting queue is gone, an event for this service would reach nobody.
    await deleteQueue(name);
    await waitForStatus(ready, 200, 30_000);
    expect(running.app.get(AmqpTransport).topologyDeclared).toBe(true);
    await handled('t-after-declared');
  });

  it('lets ops list, inspect and replay a parked message with npm run parking-lot; the replay is handled once', async () => {
    await startConsumer();
    const [body, properties] = validHappened({
      thingId: 't-replay',
      sequence: 7,
      behaviour: 'always-fail',
    });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    await waitFor('the message to be parked', async () =>
      (await queueDepth(parkingLotName(name))) === 1 ? true : undefined,
    );

    const listed = parkingLotCli(['list', '--queue', name, '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        messageId: properties.messageId,
        type: HAPPENED,
        reason: 'retries-exhausted',
        attempts: 4,
        parkedFrom: name,
        payload: { thingId: 't-replay', sequence: 7, behaviour: 'always-fail' },
      }),
    ]);
    const shown = parkingLotCli([
      'show',
      '--queue',
      `${name}.parking-lot`,
      '--id',
      String(properties.messageId),
    ]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ detail: 'handler failed on attempt 4' });
    expect(await queueDepth(parkingLotName(name))).toBe(1);

    probe.fixed = true;
    const replayed = parkingLotCli(['replay', '--queue', name]);
    expect(replayed.stdout).toContain(`replayed 1: ${String(properties.messageId)}`);
    await waitFor('the replayed message', () =>
      Promise.resolve(probe.calls.length === 5 ? true : undefined),
    );
    expect(probe.calls[4]).toMatchObject({ messageId: properties.messageId, attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.calls).toHaveLength(5);
    expect(await queueDepth(parkingLotName(name))).toBe(0);
    expect(parkingLotCli(['replay', '--queue', name]).stdout).toContain('replayed 0');
  });

  it('replays a message the broker parked (x-death, none of our headers) into the queue it left', async () => {
    const running = await startConsumer();
    const transport = running.app.get(AmqpTransport);
    await transport.pause();
    const [body, properties] = validHappened({ thingId: 't-broker-parked', sequence: 1 });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    await waitFor('the message to wait in the queue', async () =>
      (await queueDepth(name)) === 1 ? true : undefined,
    );
    expect(await rejectNext(name)).toBe(properties.messageId);
    await waitFor('the broker to park it', async () =>
      (await queueDepth(parkingLotName(name))) === 1 ? true : undefined,
    );

    const listed = parkingLotCli(['list', '--queue', name, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        messageId: properties.messageId,
        reason: 'broker: rejected',
        parkedFrom: name,
      }),
    ]);
    await transport.resume();
    const replayed = parkingLotCli(['replay', '--queue', name]);
    expect(replayed.status).toBe(0);
    expect(replayed.stdout).toContain(`replayed 1: ${String(properties.messageId)}`);
    await waitFor('the replayed message', () =>
      Promise.resolve(probe.calls.length === 1 ? true : undefined),
    );
    expect(probe.calls[0]).toMatchObject({ messageId: properties.messageId, attempt: 1 });
    expect(await queueDepth(parkingLotName(name))).toBe(0);
  });

  it('keeps a message parked, and says so, when the queue it came from no longer exists', async () => {
    const running = await startConsumer();
    const [body, properties] = validHappened({
      thingId: 't-orphan',
      sequence: 1,
      behaviour: 'reject',
    });
    await publishRaw(EVENTS_EXCHANGE, HAPPENED, body, properties);
    await waitFor('the message to be parked', async () =>
      (await queueDepth(parkingLotName(name))) === 1 ? true : undefined,
    );
    await running.stop();
    service = undefined;
    await deleteQueue(name);

    const replayed = parkingLotCli(['replay', '--queue', name]);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain('replayed 0: -');
    expect(replayed.stdout).toContain(
      `not replayed, still parked: ${String(properties.messageId)}: there is no queue ${name}`,
    );
    // Before, the broker's confirm of the returned copy counted as done: the message was lost.
    expect(await queueDepth(parkingLotName(name))).toBe(1);
  });

  it('refuses to purge without --yes and explains the commands when misused', async () => {
    await startConsumer();
    const purge = parkingLotCli(['purge', '--queue', name]);
    expect(purge.status).toBe(64);
    expect(purge.stdout).toContain('add --yes to confirm');
    const usage = parkingLotCli(['frobnicate']);
    expect(usage.status).toBe(64);
    expect(usage.stdout).toContain('usage: npm run parking-lot');
    expect(parkingLotCli(['purge', '--queue', name, '--yes']).stdout).toContain(
      'purged 0 message(s)',
    );
  });

  it('says which parking lot does not exist, in one line, when asked for an unknown queue', () => {
    const missing = uniqueName('no-such-queue');
    const list = parkingLotCli(['list', '--queue', missing]);
    expect(list.status).toBe(1);
    // One line naming the parking lot, not amqplib's stack from an unheard channel 'error'.
    expect(list.stdout.trim()).toBe(
      `parking-lot: There is no parking lot ${missing}.parking-lot: is the queue name right?`,
    );
  });
});
