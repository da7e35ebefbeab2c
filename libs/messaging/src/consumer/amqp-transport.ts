import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import {
  type RequestContext,
  runWithRequestContext,
  scrubPersonalData,
} from '@toevlucht/observability';
import type { BrokerConnection } from '../connection/broker-connection';
import type { ContractRegistry, MessageKind } from '../contracts/contract-registry';
import {
  decodeEnvelope,
  encodeData,
  type IncomingMessage,
  toPublishOptions,
  TRANSPORT_HEADERS,
} from '../envelope/amqp-envelope';
import { createEnvelope } from '../envelope/create-envelope';
import type { Envelope } from '../envelope/envelope';
import { UnroutableMessageError } from '../publisher/publish-errors';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { ConfirmPublisher } from '../publisher/confirm-publisher';
import {
  COMMANDS_EXCHANGE,
  DEFAULT_QUEUE,
  EVENTS_EXCHANGE,
  parkingLotArguments,
  planWorkQueue,
  retryQueueArguments,
  type WorkQueue,
  workQueueArguments,
} from '../topology/topology';
import { AckBatcher } from './ack-batcher';
import { AmqpContext } from './amqp-context';
import { attemptOf, decideOnFailure, trimStack } from './failure-decision';
import { PermanentMessageError } from './message-errors';

export interface QueueSettings {
  /** Deliveries handled at once on this queue (AMQP prefetch, per consumer). */
  readonly prefetch: number;
}

export interface AmqpTransportSettings {
  readonly service: string;
  /** Settings per queue name; `default` is the service's main queue. */
  readonly queues: Readonly<Record<string, QueueSettings>>;
  readonly defaultPrefetch: number;
  readonly retryDelaysMs: readonly number[];
}

/** Options a handler may pass: `@EventPattern('x.y.v1', { queue: 'lookups' })`. */
export interface HandlerExtras {
  readonly queue?: string;
}

type ParkReason =
  | 'missing-message-id'
  | 'missing-type'
  | 'not-json'
  | 'unknown-type'
  | 'no-handler'
  | 'schema-invalid'
  | 'no-reply-to'
  | 'handler-rejected'
  | 'retries-exhausted';

interface ActiveQueue {
  /** The queue's name in handler options and settings (`default` or a named queue). */
  readonly key: string;
  readonly plan: WorkQueue;
  channel: Channel | undefined;
  /** Settles the deliveries of `channel`. */
  acks: AckBatcher | undefined;
  consumerTag: string | undefined;
  paused: boolean;
  /** A basic.consume is on its way; a second one would double the consumer. */
  starting: boolean;
}

/**
 * Our RabbitMQ transport for @nestjs/microservices. Services write ordinary
 * `@EventPattern('<type>')` handlers; this class declares the topology they need, consumes
 * with manual acks and bounded prefetch, and makes one explicit decision per delivery:
 *
 * - handler resolved → ack (the handler's transaction has committed by then);
 * - malformed, unknown type, no handler, schema-invalid, or PermanentMessageError → parking lot at once;
 * - any other error → the next delayed-retry tier, and the parking lot when the tiers are spent.
 *
 * A copy is moved (retry tier, parking lot) with a confirmed publish before the original is
 * acked, so a crash in between duplicates a message (the inbox absorbs it) and never loses one.
 * Acks are batched per channel at the end of the event loop's turn (AckBatcher), never before
 * the handler has resolved. Consumers come back by themselves after the connection does; acks for deliveries from a
 * channel that has since closed are dropped (the broker redelivers those).
 */
export class AmqpTransport extends Server implements CustomTransportStrategy {
  // Handler errors must reach us (to retry or park), not be swallowed and logged by Nest.
  override readonly propagatesEventHandlerErrors = true;
  private readonly queues = new Map<string, ActiveQueue>();
  // Type → handler and the queue it listens on, resolved once: Nest's pattern lookup
  // normalises the pattern on every call, which showed in the benchmark's profile.
  private readonly routes = new Map<
    string,
    { handler: MessageHandler; queue: string; replyType: string | undefined }
  >();
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;
  private readonly onConnected = (connection: ChannelModel) => void this.setUp(connection);

  constructor(
    private readonly settings: AmqpTransportSettings,
    private readonly connection: BrokerConnection,
    private readonly contracts: ContractRegistry,
    private readonly publisher: ConfirmPublisher,
    private readonly metrics: MessagingMetrics,
    private readonly log: Logger,
  ) {
    super();
  }

  /** The work queues this transport consumes, once `listen` has planned them. */
  get workQueues(): WorkQueue[] {
    return [...this.queues.values()].map((queue) => queue.plan);
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.plan();
    } catch (error) {
      callback(error);
      return;
    }
    this.connection.on('connected', this.onConnected);
    const current = this.connection.current;
    if (current !== undefined) void this.setUp(current);
    // Start-up does not wait for the broker: consumers start whenever it is reachable.
    callback();
  }

  /** Stops taking deliveries from a queue; in-flight ones finish. Messages wait in the queue. */
  async pause(queue = DEFAULT_QUEUE): Promise<void> {
    const active = this.active(queue);
    active.paused = true;
    this.metrics.consumerPaused.set({ queue: active.plan.name }, 1);
    await this.cancelConsumer(active);
  }

  async resume(queue = DEFAULT_QUEUE): Promise<void> {
    const active = this.active(queue);
    active.paused = false;
    this.metrics.consumerPaused.set({ queue: active.plan.name }, 0);
    if (
      active.channel !== undefined &&
      active.acks !== undefined &&
      active.consumerTag === undefined
    )
      await this.consume(active, active.channel, active.acks);
  }

  isPaused(queue = DEFAULT_QUEUE): boolean {
    return this.active(queue).paused;
  }

  /** Graceful shutdown: cancel consumers, let in-flight handlers finish, close channels. */
  async close(): Promise<void> {
    this.closing = true;
    this.connection.off('connected', this.onConnected);
    await Promise.all([...this.queues.values()].map((queue) => this.cancelConsumer(queue)));
    await Promise.allSettled([...this.inFlight]);
    await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const channel = queue.channel;
        queue.acks?.flush();
        queue.channel = undefined;
        queue.acks = undefined;
        await channel?.close().catch(() => undefined);
      }),
    );
  }

  on(): never {
    throw new Error('AmqpTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  private plan(): void {
    const byQueue = new Map<string, { type: string; kind: MessageKind }[]>();
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = this.contracts.get(pattern);
      if (contract === undefined) {
        throw new Error(`A handler listens for '${pattern}', which has no schema in contracts/`);
      }
      let replyType: string | undefined;
      if (handler.isEventHandler) {
        if (contract.kind === 'reply') {
          throw new Error(
            `'${pattern}' is a reply type; replies go to requesters, not to handlers`,
          );
        }
      } else {
        replyType = contract.replyType;
        if (
          contract.kind !== 'command' ||
          replyType === undefined ||
          this.contracts.get(replyType)?.kind !== 'reply'
        ) {
          throw new Error(
            `@MessagePattern('${pattern}') needs a command whose schema names its reply type (x-toevlucht-reply-type) with a reply schema`,
          );
        }
      }
      const queue = queueOf(handler);
      this.routes.set(pattern, { handler, queue, replyType });
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), { type: pattern, kind: contract.kind }]);
    }
    for (const [queue, handled] of byQueue) {
      const prefetch = this.settings.queues[queue]?.prefetch ?? this.settings.defaultPrefetch;
      const plan = planWorkQueue({
        service: this.settings.service,
        queue,
        prefetch,
        retryDelaysMs: this.settings.retryDelaysMs,
        handled,
      });
      this.queues.set(queue, {
        key: queue,
        plan,
        channel: undefined,
        acks: undefined,
        consumerTag: undefined,
        paused: false,
        starting: false,
      });
    }
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    if (this.closing) return;
    try {
      const topology = await connection.createChannel();
      await topology.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
      await topology.assertExchange(COMMANDS_EXCHANGE, 'topic', { durable: true });
      for (const { plan } of this.queues.values()) await declareQueue(topology, plan);
      await topology.close();
      for (const active of this.queues.values()) {
        const channel = await connection.createChannel();
        const acks = new AckBatcher(channel, (error) =>
          this.log.debug({ err: error }, 'ack or nack on a closed channel dropped'),
        );
        channel.on('error', (error: Error) =>
          this.log.warn({ err: error, queue: active.plan.name }, 'consumer channel error'),
        );
        channel.on('close', () => {
          acks.close();
          if (active.channel === channel) {
            active.channel = undefined;
            active.acks = undefined;
            active.consumerTag = undefined;
          }
        });
        await channel.prefetch(active.plan.prefetch, false);
        active.channel = channel;
        active.acks = acks;
        active.consumerTag = undefined;
        if (!active.paused && !this.closing) await this.consume(active, channel, acks);
      }
      this.log.info({ queues: this.workQueues.map((queue) => queue.name) }, 'consumers ready');
    } catch (error) {
      // The connection dropped while declaring, or a declaration was refused (for instance a
      // queue that exists with other arguments). The next `connected` tries again; a refused
      // declaration keeps failing and says why, loudly.
      this.log.error({ err: error }, 'could not set up the message topology');
    }
  }

  private async consume(active: ActiveQueue, channel: Channel, acks: AckBatcher): Promise<void> {
    if (active.starting) return;
    active.starting = true;
    try {
      const consumerTag = await this.startConsumer(active, channel, acks);
      // pause() (a breaker opening) or close() while the consumer was being set up: it found
      // no consumer tag to cancel, so cancel the new consumer here instead of consuming on.
      if (active.paused || this.closing || active.channel !== channel) {
        await channel.cancel(consumerTag).catch(() => undefined);
        return;
      }
      active.consumerTag = consumerTag;
    } finally {
      active.starting = false;
    }
  }

  private async startConsumer(
    active: ActiveQueue,
    channel: Channel,
    acks: AckBatcher,
  ): Promise<string> {
    const { consumerTag } = await channel.consume(
      active.plan.name,
      (message) => {
        if (message === null) {
          this.log.warn({ queue: active.plan.name }, 'the broker cancelled the consumer');
          active.consumerTag = undefined;
          return;
        }
        acks.delivered(message);
        this.track(this.handleDelivery(active, acks, message));
      },
      { noAck: false },
    );
    return consumerTag;
  }

  private async cancelConsumer(active: ActiveQueue): Promise<void> {
    const { channel, consumerTag } = active;
    active.consumerTag = undefined;
    if (channel === undefined || consumerTag === undefined) return;
    try {
      await channel.cancel(consumerTag);
    } catch (error) {
      this.log.debug({ err: error }, 'consumer was already gone');
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handleDelivery(
    active: ActiveQueue,
    acks: AckBatcher,
    message: ConsumeMessage,
  ): Promise<void> {
    const queue = active.plan.name;
    // Only what the envelope reads: spreading all of amqplib's properties cost a copy per message.
    const { messageId, type, contentType, headers } = message.properties as Omit<
      IncomingMessage,
      'body'
    >;
    const decoded = decodeEnvelope({
      messageId,
      type,
      contentType,
      headers,
      body: message.content,
    });
    const typeLabel = decoded.ok ? decoded.envelope.type : 'unknown';
    this.metrics.countConsumed(queue, typeLabel);
    try {
      if (!decoded.ok) {
        await this.park(active, acks, message, decoded.reason, decoded.detail);
        return;
      }
      const envelope = decoded.envelope;
      const route = this.routes.get(envelope.type);
      if (this.contracts.get(envelope.type) === undefined) {
        await this.park(
          active,
          acks,
          message,
          'unknown-type',
          `No schema for message type ${envelope.type}.`,
        );
        return;
      }
      if (route === undefined || route.queue !== active.key) {
        await this.park(
          active,
          acks,
          message,
          'no-handler',
          `No handler for ${envelope.type} on queue ${queue}.`,
        );
        return;
      }
      const validation = this.contracts.validate(envelope.type, envelope.data);
      if (!validation.valid) {
        await this.park(active, acks, message, 'schema-invalid', validation.errors.join('; '));
        return;
      }
      if (route.replyType === undefined)
        await this.runHandler(active, acks, message, envelope, route.handler);
      else await this.runRequest(active, acks, message, envelope, route.handler, route.replyType);
    } catch (error) {
      // Moving the message failed (the broker went away mid-way): leave it unacked so the
      // broker delivers it again, on this channel if it survives or after reconnecting.
      this.log.warn(
        { err: error, queue, messageId: message.properties.messageId as unknown },
        'could not settle a delivery; it will be redelivered',
      );
      acks.nack(message);
    }
  }

  private async runHandler(
    active: ActiveQueue,
    acks: AckBatcher,
    message: ConsumeMessage,
    envelope: Envelope,
    handler: MessageHandler,
  ): Promise<void> {
    const queue = active.plan.name;
    const attempt = attemptOf(message.properties.headers);
    const context = new AmqpContext([envelope, queue, attempt, message]);
    const started = performance.now();
    const outcome = await runWithRequestContext(contextOf(envelope), async () => {
      try {
        await settled(await handler(envelope.data, context));
        return { ok: true as const };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (outcome.ok) {
      this.metrics.observeHandler(queue, envelope.type, 'success', started);
      acks.ack(message);
      this.metrics.countAcked(queue, envelope.type);
      return;
    }
    this.metrics.observeHandler(queue, envelope.type, 'failure', started);
    const error = outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
    const decision = decideOnFailure(
      attempt,
      active.plan.retryQueues.length,
      error instanceof PermanentMessageError,
    );
    runWithRequestContext(contextOf(envelope), () =>
      this.log.warn(
        { err: error, type: envelope.type, queue, attempt, decision: decision.action },
        'message handler failed',
      ),
    );
    if (decision.action === 'retry') {
      const tier = active.plan.retryQueues[decision.tier - 1];
      if (tier === undefined) throw new Error(`No retry tier ${decision.tier} on ${queue}`);
      await this.moveTo(acks, message, tier.name, {
        [TRANSPORT_HEADERS.attempt]: decision.nextAttempt,
        [TRANSPORT_HEADERS.lastError]: truncate(scrubPersonalData(error.message), 1000),
        [TRANSPORT_HEADERS.lastFailureAt]: new Date().toISOString(),
        [TRANSPORT_HEADERS.firstFailureAt]: firstFailureAt(message),
      });
      this.metrics.retried.inc({ queue, type: envelope.type });
      return;
    }
    await this.park(active, acks, message, decision.reason, error.message, error);
  }

  /**
   * Request/reply (`@MessagePattern`), for the rare case a person waits on the answer: the
   * handler's result goes straight back to the requester's reply queue, validated against the
   * reply schema. A failing handler is answered with the error instead of retried: the requester
   * has a timeout and will not wait for a retry tier.
   */
  private async runRequest(
    active: ActiveQueue,
    acks: AckBatcher,
    message: ConsumeMessage,
    envelope: Envelope,
    handler: MessageHandler,
    replyType: string,
  ): Promise<void> {
    const replyTo = message.properties.replyTo as unknown;
    if (typeof replyTo !== 'string' || replyTo === '') {
      await this.park(
        active,
        acks,
        message,
        'no-reply-to',
        `${envelope.type} is a request and needs a reply-to address.`,
      );
      return;
    }
    const queue = active.plan.name;
    const context = new AmqpContext([envelope, queue, 1, message]);
    const started = performance.now();
    const outcome = await runWithRequestContext(contextOf(envelope), async () => {
      try {
        const result = await settled(await handler(envelope.data, context));
        return { ok: true as const, result };
      } catch (error) {
        return {
          ok: false as const,
          error: error instanceof Error ? error : new Error(String(error)),
        };
      }
    });
    this.metrics.observeHandler(queue, envelope.type, outcome.ok ? 'success' : 'failure', started);
    let failure = outcome.ok ? undefined : outcome.error.message;
    const data = outcome.ok ? outcome.result : null;
    if (outcome.ok) {
      const validation = this.contracts.validate(replyType, data);
      if (!validation.valid) {
        failure = `The reply does not match its schema: ${validation.errors.join('; ')}`;
        this.log.error(
          { type: replyType, errors: validation.errors },
          'request handler produced an invalid reply',
        );
      }
    } else {
      this.log.warn(
        { err: outcome.error, type: envelope.type, queue },
        'request handler failed; answering with the error',
      );
    }
    const reply = runWithRequestContext(contextOf(envelope), () =>
      createEnvelope(this.settings.service, replyType, failure === undefined ? data : null),
    );
    const options = toPublishOptions(reply);
    if (failure !== undefined) {
      const headers: Record<string, unknown> = { ...(options.headers as Record<string, unknown>) };
      headers[TRANSPORT_HEADERS.replyError] = truncate(scrubPersonalData(failure), 2000);
      options.headers = headers;
    }
    try {
      await this.publisher.publish('', replyTo, encodeData(reply.data), options);
    } catch (error) {
      // The requester gave up (its reply queue is gone): the answer has nowhere to go.
      if (!(error instanceof UnroutableMessageError)) throw error;
      this.log.info({ type: envelope.type }, 'requester no longer waiting; reply dropped');
    }
    acks.ack(message);
    this.metrics.countAcked(queue, envelope.type);
  }

  private async park(
    active: ActiveQueue,
    acks: AckBatcher,
    message: ConsumeMessage,
    reason: ParkReason,
    detail: string,
    error?: Error,
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.moveTo(acks, message, active.plan.parkingLot, {
      [TRANSPORT_HEADERS.parkReason]: reason,
      [TRANSPORT_HEADERS.parkDetail]: truncate(scrubPersonalData(detail), 2000),
      [TRANSPORT_HEADERS.attempt]: attemptOf(message.properties.headers),
      [TRANSPORT_HEADERS.parkedAt]: now,
      [TRANSPORT_HEADERS.parkedFrom]: active.plan.name,
      [TRANSPORT_HEADERS.firstFailureAt]: firstFailureAt(message),
      [TRANSPORT_HEADERS.lastFailureAt]: now,
      ...(error?.stack === undefined
        ? {}
        : { [TRANSPORT_HEADERS.errorStack]: scrubPersonalData(trimStack(error.stack) ?? '') }),
    });
    const type = typeof message.properties.type === 'string' ? message.properties.type : 'unknown';
    this.metrics.parked.inc({ queue: active.plan.name, type, reason });
    this.log.warn(
      { queue: active.plan.name, type, reason, messageId: message.properties.messageId as unknown },
      'message parked',
    );
  }

  /** Publishes a copy to `queue` (confirmed), then acks the original. */
  private async moveTo(
    acks: AckBatcher,
    message: ConsumeMessage,
    queue: string,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const original = message.properties;
    const messageId =
      typeof original.messageId === 'string' && original.messageId !== ''
        ? original.messageId
        : `unidentified-${message.fields.deliveryTag}-${Date.now()}`;
    const options: Options.Publish = {
      ...definedProperties(original),
      messageId,
      headers: {
        ...(original.headers ?? {}),
        [TRANSPORT_HEADERS.originalExchange]:
          (original.headers?.[TRANSPORT_HEADERS.originalExchange] as string | undefined) ??
          message.fields.exchange,
        [TRANSPORT_HEADERS.originalRoutingKey]:
          (original.headers?.[TRANSPORT_HEADERS.originalRoutingKey] as string | undefined) ??
          message.fields.routingKey,
        ...headers,
      },
    };
    await this.publisher.publish('', queue, message.content, options);
    acks.ack(message);
  }

  private active(queue: string): ActiveQueue {
    const active = this.queues.get(queue);
    if (active === undefined) throw new Error(`This service has no queue '${queue}'`);
    return active;
  }
}

/** The context a message's handling runs in: its ids become the logs' and the next messages'. */
function contextOf(envelope: Envelope): RequestContext {
  return {
    requestId: envelope.id,
    correlationId: envelope.correlationId,
    ...(envelope.causationId === undefined ? {} : { causationId: envelope.causationId }),
    ...(envelope.traceparent === undefined ? {} : { traceparent: envelope.traceparent }),
  };
}

/**
 * What Nest's `transformToObservable` + `lastValueFrom` make of a handler's awaited result,
 * without building an Observable for the common case of a plain value.
 */
function settled(result: unknown): unknown {
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

function queueOf(handler: MessageHandler): string {
  const extras = handler.extras as HandlerExtras | undefined;
  return extras?.queue ?? DEFAULT_QUEUE;
}

async function declareQueue(channel: Channel, plan: WorkQueue): Promise<void> {
  await channel.assertQueue(plan.parkingLot, { durable: true, arguments: parkingLotArguments() });
  await channel.assertQueue(plan.name, { durable: true, arguments: workQueueArguments(plan) });
  for (const binding of plan.bindings)
    await channel.bindQueue(plan.name, binding.exchange, binding.routingKey);
  for (const retry of plan.retryQueues) {
    await channel.assertQueue(retry.name, {
      durable: true,
      arguments: retryQueueArguments(plan.name, retry.delayMs),
    });
  }
}

function firstFailureAt(message: ConsumeMessage): string {
  const previous = message.properties.headers?.[TRANSPORT_HEADERS.firstFailureAt] as unknown;
  return typeof previous === 'string' ? previous : new Date().toISOString();
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The AMQP properties worth carrying to a copy (amqplib reports absent ones as undefined). */
function definedProperties(properties: ConsumeMessage['properties']): Options.Publish {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) if (value !== undefined) copy[key] = value;
  return copy;
}
