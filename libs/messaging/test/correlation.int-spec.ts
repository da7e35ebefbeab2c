import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type AmqpContext, Inbox, Outbox } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { TransactionRunner } from '@toevlucht/persistence';
import {
  deleteServiceQueues,
  startTestService,
  testDatabase,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import { HAPPENED, TEST_CONTRACTS, type ThingHappened, uniqueName } from './messaging-fixtures';

const ACKNOWLEDGED = 'test.thing.acknowledged.v1';
const SEEN = Symbol('SEEN');
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

interface Seen {
  envelopes: AmqpContext['envelope'][];
}

@Controller('things')
class ThingController {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(202)
  async create(@Body() body: { thingId: string }): Promise<{ accepted: string }> {
    this.logger.info({ thingId: body.thingId }, 'thing received');
    await this.transactions.run((tx) =>
      this.outbox.publish<ThingHappened>(tx, HAPPENED, { thingId: body.thingId, sequence: 1 }),
    );
    return { accepted: body.thingId };
  }
}

@Controller()
class AcknowledgingHandler {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern<string>(HAPPENED)
  async handle(@Payload() data: ThingHappened, @Ctx() context: AmqpContext): Promise<void> {
    this.logger.info({ thingId: data.thingId }, 'thing noticed');
    await this.inbox.handleOnce(context, async (tx) => {
      await this.outbox.publish(tx, ACKNOWLEDGED, { thingId: data.thingId });
    });
  }
}

@Controller()
class FinalHandler {
  constructor(@Inject(SEEN) private readonly seen: Seen) {}

  @EventPattern<string>(ACKNOWLEDGED)
  handle(@Ctx() context: AmqpContext): void {
    this.seen.envelopes.push(context.envelope);
  }
}

describe('correlation across services', () => {
  const services: TestService[] = [];
  const databases: TestDatabase[] = [];
  const queues: string[] = [];

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(databases.splice(0).map((database) => database.drop()));
    await Promise.all(queues.splice(0).map((queue) => deleteServiceQueues(queue)));
  });

  async function start(
    name: string,
    controllers: unknown[],
    providers: unknown[] = [],
  ): Promise<TestService> {
    const database = testDatabase(name.split('-')[1] ?? 'svc');
    databases.push(database);
    queues.push(name);
    class FixtureModule {}
    Module({ controllers: controllers as never[], providers: providers as never[] })(FixtureModule);
    const service = await startTestService({
      name,
      module: FixtureModule,
      contracts: TEST_CONTRACTS,
      databaseUrl: database.url,
    });
    services.push(service);
    return service;
  }

  it('carries the correlation id and trace context of an HTTP request to an event two hops away and into both services’ logs', async () => {
    const seen: Seen = { envelopes: [] };
    const gateway = await start(uniqueName('test-gateway'), [ThingController]);
    const relay = await start(uniqueName('test-relay'), [AcknowledgingHandler]);
    const final = await start(
      uniqueName('test-final'),
      [FinalHandler],
      [{ provide: SEEN, useValue: seen }],
    );
    for (const service of [relay, final]) {
      await waitFor('consumers', () =>
        Promise.resolve(
          service.logs.some((l) => l['msg'] === 'consumers ready') ? true : undefined,
        ),
      );
    }

    const response = await fetch(`${gateway.url}/things`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-correlation-id': 'corr-demo-42',
        'x-request-id': 'req-demo-1',
        traceparent: TRACEPARENT,
      },
      body: JSON.stringify({ thingId: 'thing-1' }),
    });
    expect(response.status).toBe(202);

    const [envelope] = await waitFor('the event two hops away', () =>
      Promise.resolve(seen.envelopes.length === 1 ? seen.envelopes : undefined),
    );
    expect(envelope).toMatchObject({
      type: ACKNOWLEDGED,
      correlationId: 'corr-demo-42',
      data: { thingId: 'thing-1' },
    });
    expect(envelope?.source).toBe(`/toevlucht/${relay.config.service}`);
    expect(envelope?.traceparent).toBe(TRACEPARENT);

    const received = gateway.logs.find((line) => line['msg'] === 'thing received');
    expect(received).toMatchObject({ correlationId: 'corr-demo-42', requestId: 'req-demo-1' });
    const noticed = relay.logs.find((line) => line['msg'] === 'thing noticed');
    expect(noticed).toMatchObject({ correlationId: 'corr-demo-42' });
    // The relay's log line is about the HAPPENED message, whose id caused the ACKNOWLEDGED event.
    expect(envelope?.causationId).toBe(noticed?.['requestId']);
  });
});
