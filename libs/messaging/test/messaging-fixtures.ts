import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Controller, Inject, Module, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { connect, type Options } from 'amqplib';
import {
  type AmqpContext,
  ContractRegistry,
  Inbox,
  PermanentMessageError,
  retryQueueArguments,
  retryQueueName,
} from '@toevlucht/messaging';
import { TEST_AMQP_URL } from '@toevlucht/testing';

export const TEST_CONTRACTS = ContractRegistry.fromDirectory(join(__dirname, 'contracts'));
export const HAPPENED = 'test.thing.happened.v1';
export const IGNORED = 'test.thing.ignored.v1';
/** A command no test service consumes: unroutable. */
export const UNCONSUMED_COMMAND = 'test.thing.archive.v1';

export interface ThingHappened {
  thingId: string;
  sequence: number;
  behaviour?: 'succeed' | 'fail-3-times' | 'always-fail' | 'reject';
}

export interface HandledCall {
  readonly data: ThingHappened;
  readonly attempt: number;
  readonly messageId: string;
  readonly correlationId: string;
  readonly causationId: string | undefined;
}

/** What the test handlers saw and did, shared between a test and its in-process service. */
export class Probe {
  readonly calls: HandledCall[] = [];
  /** Effects that committed through the inbox (one per message, however often delivered). */
  readonly effects: ThingHappened[] = [];
  /** Set by a test once "the bug is fixed": always-failing messages then succeed. */
  fixed = false;
}

const PROBE = Symbol('PROBE');

@Controller()
class ThingHandlers {
  constructor(@Inject(PROBE) private readonly probe: Probe) {}

  @EventPattern<string>(HAPPENED)
  handle(@Payload() data: ThingHappened, @Ctx() context: AmqpContext): void {
    const { envelope, attempt } = context;
    this.probe.calls.push({
      data,
      attempt,
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
    });
    if (data.behaviour === 'reject')
      throw new PermanentMessageError('this thing can never be handled');
    if (data.behaviour === 'always-fail' && !this.probe.fixed)
      throw new Error(`handler failed on attempt ${attempt}`);
    if (data.behaviour === 'fail-3-times' && attempt <= 3)
      throw new Error(`handler failed on attempt ${attempt}`);
  }
}

@Controller()
class IdempotentThingHandlers {
  constructor(
    @Inject(PROBE) private readonly probe: Probe,
    @Inject(Inbox) private readonly inbox: Inbox,
  ) {}

  @EventPattern<string>(HAPPENED)
  async handle(@Payload() data: ThingHappened, @Ctx() context: AmqpContext): Promise<void> {
    this.probe.calls.push({
      data,
      attempt: context.attempt,
      messageId: context.envelope.id,
      correlationId: context.envelope.correlationId,
      causationId: context.envelope.causationId,
    });
    await this.inbox.handleOnce(context, async () => {
      this.probe.effects.push(data);
      await Promise.resolve();
    });
  }
}

/** A root module whose handlers record into `probe`; `idempotent` handlers go through the inbox. */
export function consumerModule(probe: Probe, idempotent = false): Type<unknown> {
  class ConsumerModule {}
  Module({
    controllers: [idempotent ? IdempotentThingHandlers : ThingHandlers],
    providers: [{ provide: PROBE, useValue: probe }],
  })(ConsumerModule);
  return ConsumerModule;
}

export function emptyModule(): Type<unknown> {
  class EmptyModule {}
  Module({})(EmptyModule);
  return EmptyModule;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Publishes raw bytes with whatever properties a test wants (also malformed ones). */
export async function publishRaw(
  exchange: string,
  routingKey: string,
  body: Buffer | string,
  properties: Options.Publish,
): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createConfirmChannel();
    channel.publish(
      exchange,
      routingKey,
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      properties,
    );
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

export function validHappened(
  data: ThingHappened,
  id: string = randomUUID(),
): [string, Options.Publish] {
  return [
    JSON.stringify(data),
    {
      messageId: id,
      type: HAPPENED,
      contentType: 'application/json',
      persistent: true,
      headers: {
        'cloudEvents:specversion': '1.0',
        'cloudEvents:source': '/test',
        'cloudEvents:correlationid': `corr-${id}`,
      },
    },
  ];
}

export interface ParkedMessage {
  readonly headers: Record<string, unknown>;
  readonly messageId: string | undefined;
  readonly body: string;
}

/** Takes (acks) every message currently in a queue. */
export async function drainQueue(queue: string): Promise<ParkedMessage[]> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    const taken: ParkedMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) break;
      taken.push({
        headers: message.properties.headers ?? {},
        messageId:
          typeof message.properties.messageId === 'string'
            ? message.properties.messageId
            : undefined,
        body: message.content.toString('utf8'),
      });
    }
    await channel.close();
    return taken;
  } finally {
    await connection.close();
  }
}

export async function queueDepth(queue: string): Promise<number> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    await channel.close();
    return messageCount;
  } finally {
    await connection.close();
  }
}

/** Deletes one queue from outside, as an operator might by mistake; its consumers are cancelled. */
export async function deleteQueue(queue: string): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** A classic queue under a name the transport wants for a quorum queue: its declaration is refused. */
export async function declareClassicQueue(queue: string): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Declares a work queue's retry tier again, as the transport does, after a test deleted it. */
export async function declareRetryQueue(
  workQueue: string,
  tier: number,
  delayMs: number,
): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(retryQueueName(workQueue, tier), {
      durable: true,
      arguments: retryQueueArguments(workQueue, delayMs),
    });
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * Takes the next message of `queue` and rejects it without requeue, as a consumer would that
 * gives up: the broker dead-letters it (the work queues' dead-letter target is their parking
 * lot), with its own `x-death` record and none of the transport's headers.
 */
export async function rejectNext(queue: string): Promise<string | undefined> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    const message = await channel.get(queue, { noAck: false });
    if (message === false) throw new Error(`${queue} has no message to reject`);
    channel.nack(message, false, false);
    await channel.close();
    return message.properties.messageId as string | undefined;
  } finally {
    await connection.close();
  }
}
