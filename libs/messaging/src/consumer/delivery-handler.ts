import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageHandler } from '@nestjs/microservices';
import type { ConsumeMessage, Options } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import {
  type RequestContext,
  runWithRequestContext,
  scrubPersonalData,
} from '@toevlucht/observability';
import type { ContractRegistry } from '../contracts/contract-registry';
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
import type { WorkQueue } from '../topology/topology';
import type { AckBatcher } from './ack-batcher';
import { AmqpContext } from './amqp-context';
import {
  attemptOf,
  decideOnFailure,
  redeliveriesOf,
  settleFailureHoldMs,
  trimStack,
} from './failure-decision';
import { PermanentMessageError } from './message-errors';

/** Where a message type goes: its handler, the queue it listens on, its reply type if a request. */
export interface Route {
  readonly handler: MessageHandler;
  readonly queue: string;
  readonly replyType: string | undefined;
}

/** The queue a delivery came from: its key in handler options and its planned topology. */
export interface ConsumingQueue {
  readonly key: string;
  readonly plan: WorkQueue;
}

export interface DeliveryHandlerParts {
  readonly service: string;
  readonly routes: ReadonlyMap<string, Route>;
  readonly contracts: ContractRegistry;
  readonly publisher: ConfirmPublisher;
  readonly metrics: MessagingMetrics;
  readonly log: Logger;
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

/**
 * One explicit decision per delivery, whatever channel it came on:
 *
 * - handler resolved → ack (the handler's transaction has committed by then);
 * - malformed, unknown type, no handler, schema-invalid, or PermanentMessageError → parking lot at once;
 * - any other error → the next delayed-retry tier, and the parking lot when the tiers are spent;
 * - a request (`@MessagePattern`) → its reply, or its error, to the requester's reply queue.
 *
 * A copy is moved (retry tier, parking lot) with a confirmed publish before the original is
 * acked, so a crash in between duplicates a message (the inbox absorbs it) and never loses one.
 */
export class DeliveryHandler {
  private readonly service: string;
  private readonly routes: ReadonlyMap<string, Route>;
  private readonly contracts: ContractRegistry;
  private readonly publisher: ConfirmPublisher;
  private readonly metrics: MessagingMetrics;
  private readonly log: Logger;
  private readonly stopping = new AbortController();

  constructor(parts: DeliveryHandlerParts) {
    // Every hold listens on this one signal; a prefetch window of them is normal, not a leak.
    setMaxListeners(0, this.stopping.signal);
    this.service = parts.service;
    this.routes = parts.routes;
    this.contracts = parts.contracts;
    this.publisher = parts.publisher;
    this.metrics = parts.metrics;
    this.log = parts.log;
  }

  async handle(active: ConsumingQueue, acks: AckBatcher, message: ConsumeMessage): Promise<void> {
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
      // Moving or answering the message failed (the publishing side is gone or refused it):
      // hand it back for another delivery, but not at once (settleFailureHoldMs says why).
      const redeliveries = redeliveriesOf(message.properties.headers, message.fields.redelivered);
      const holdMs = settleFailureHoldMs(redeliveries);
      this.log.warn(
        {
          err: error,
          queue,
          messageId: message.properties.messageId as unknown,
          redeliveries,
          holdMs,
        },
        'could not settle a delivery; it will be redelivered',
      );
      this.metrics.settleFailures.inc({ queue });
      await this.hold(holdMs);
      acks.nack(message);
    }
  }

  /** Ends every hold at once: a shutdown does not wait for them (the channel's close hands back). */
  stop(): void {
    this.stopping.abort();
  }

  private async hold(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private async runHandler(
    active: ConsumingQueue,
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
    active: ConsumingQueue,
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
      createEnvelope(this.service, replyType, failure === undefined ? data : null),
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
    active: ConsumingQueue,
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
        ...withoutDeliveryCount(original.headers),
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

/**
 * The headers a moved copy keeps: all but the broker's delivery count of the original, which
 * the broker adds only on a redelivery, so a copy would otherwise carry it into its first.
 */
function withoutDeliveryCount(
  headers: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (headers === undefined) return {};
  const { ['x-delivery-count']: _count, ...rest } = headers;
  return rest;
}
