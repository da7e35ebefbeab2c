import { Controller, Inject, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AmqpTransport,
  RequestClient,
  RequestFailedError,
  RequestTimeoutError,
  UnroutableMessageError,
} from '@toevlucht/messaging';
import {
  deleteServiceQueues,
  startTestService,
  waitFor,
  type TestService,
} from '@toevlucht/testing';
import { emptyModule, TEST_CONTRACTS, uniqueName } from './messaging-fixtures';

const COUNT = 'test.thing.count.v1';
const CALLS = Symbol('CALLS');

@Controller()
class Counter {
  constructor(@Inject(CALLS) private readonly calls: string[]) {}

  @MessagePattern<string>(COUNT)
  count(@Payload() data: { thingId: string; upTo: number }): { thingId: string; count: number } {
    this.calls.push(data.thingId);
    if (data.thingId === 'broken') throw new Error('cannot count broken things');
    if (data.thingId === 'sloppy') return { thingId: data.thingId, count: -1 };
    return { thingId: data.thingId, count: data.upTo };
  }
}

describe('request/reply (@MessagePattern) with a timeout', () => {
  const services: TestService[] = [];
  const queues: string[] = [];
  let calls: string[];

  async function counter(): Promise<TestService> {
    const name = uniqueName('test-counter');
    queues.push(name);
    calls = [];
    class CounterModule {}
    Module({ controllers: [Counter], providers: [{ provide: CALLS, useValue: calls }] })(
      CounterModule,
    );
    const service = await startTestService({
      name,
      module: CounterModule,
      contracts: TEST_CONTRACTS,
    });
    services.push(service);
    await waitFor('the counter to consume', () =>
      Promise.resolve(
        service.logs.some((line) => line['msg'] === 'consumers ready') ? true : undefined,
      ),
    );
    return service;
  }

  async function requester(): Promise<RequestClient> {
    const service = await startTestService({
      name: uniqueName('test-requester'),
      module: emptyModule(),
      contracts: TEST_CONTRACTS,
    });
    services.push(service);
    await waitFor('the requester to connect', () =>
      Promise.resolve(
        service.logs.some(
          (line) => line['msg'] === 'connected to the broker' && line['connection'] === 'publish',
        )
          ? true
          : undefined,
      ),
    );
    return service.app.get(RequestClient);
  }

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await Promise.all(queues.splice(0).map((queue) => deleteServiceQueues(queue)));
  });

  it('answers a request with the handler’s validated result', async () => {
    await counter();
    const client = await requester();
    await expect(
      client.request(COUNT, { thingId: 'apples', upTo: 3 }, { timeoutMs: 5_000 }),
    ).resolves.toEqual({
      thingId: 'apples',
      count: 3,
    });
  });

  it('answers with the error when the handler fails, without retrying it', async () => {
    await counter();
    const client = await requester();
    const failing = client.request(COUNT, { thingId: 'broken', upTo: 1 }, { timeoutMs: 5_000 });
    await expect(failing).rejects.toBeInstanceOf(RequestFailedError);
    await expect(failing).rejects.toThrow('cannot count broken things');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toEqual(['broken']);
  });

  it('refuses a reply that does not match the reply schema', async () => {
    await counter();
    const client = await requester();
    await expect(
      client.request(COUNT, { thingId: 'sloppy', upTo: 1 }, { timeoutMs: 5_000 }),
    ).rejects.toThrow(/The reply does not match its schema: \/count must be >= 0/);
  });

  it('times out when nobody answers in time, and the expired request is then dropped, not handled', async () => {
    const service = await counter();
    const transport = service.app.get(AmqpTransport);
    await transport.pause();
    const client = await requester();
    const started = Date.now();
    await expect(
      client.request(COUNT, { thingId: 'late', upTo: 1 }, { timeoutMs: 300 }),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await transport.resume();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls).toEqual([]);
  });

  it('fails at once when no service handles the request type, and refuses an invalid request', async () => {
    const client = await requester();
    await expect(
      client.request(COUNT, { thingId: 'nobody', upTo: 1 }, { timeoutMs: 5_000 }),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
    await expect(
      client.request(COUNT, { thingId: '', upTo: -1 }, { timeoutMs: 5_000 }),
    ).rejects.toThrow(/Refusing to publish an invalid test\.thing\.count\.v1/);
  });
});
