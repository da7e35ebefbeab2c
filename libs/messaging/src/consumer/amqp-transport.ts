import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Logger } from 'pino';
import type { ContractRegistry, MessageKind } from '../contracts/contract-registry';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { ConfirmPublisher } from '../publisher/confirm-publisher';
import { DEFAULT_QUEUE, planWorkQueue, type WorkQueue } from '../topology/topology';
import { DeliveryHandler, type Route } from './delivery-handler';
import { type ConsumerConnections, QueueConsumers } from './queue-consumers';

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

/**
 * Our RabbitMQ transport for @nestjs/microservices. Services write ordinary
 * `@EventPattern('<type>')` handlers; this class plans the queues they need from the handlers
 * and their contracts, and wires two parts together:
 *
 * - QueueConsumers: one channel per work queue, with manual acks and bounded prefetch,
 *   (re)declared and consuming whenever the consuming connection is up (and the publishing one,
 *   which moves and answers deliveries), and set up again when the broker closes a channel or
 *   cancels a consumer while the connection stays;
 * - DeliveryHandler: one explicit decision per delivery (ack, retry tier, parking lot, reply).
 *
 * Acks are batched per channel at the end of the event loop's turn (AckBatcher), never before
 * the handler has resolved; acks for deliveries from a channel that has since closed are
 * dropped (the broker redelivers those). Shutdown cancels the consumers, lets in-flight
 * handlers finish, then settles and closes the channels.
 */
export class AmqpTransport extends Server implements CustomTransportStrategy {
  // Handler errors must reach us (to retry or park), not be swallowed and logged by Nest.
  override readonly propagatesEventHandlerErrors = true;
  // Type → handler and the queue it listens on, resolved once: Nest's pattern lookup
  // normalises the pattern on every call, which showed in the benchmark's profile.
  private readonly routes = new Map<string, Route>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deliveries: DeliveryHandler;
  private readonly consumers: QueueConsumers;

  constructor(
    private readonly settings: AmqpTransportSettings,
    private readonly connections: ConsumerConnections,
    private readonly contracts: ContractRegistry,
    publisher: ConfirmPublisher,
    metrics: MessagingMetrics,
    log: Logger,
  ) {
    super();
    this.deliveries = new DeliveryHandler({
      service: settings.service,
      routes: this.routes,
      contracts,
      publisher,
      metrics,
      log,
    });
    this.consumers = new QueueConsumers(
      connections,
      (queue, acks, message) => this.track(this.deliveries.handle(queue, acks, message)),
      metrics,
      log,
    );
  }

  /** The work queues this transport consumes, once `listen` has planned them. */
  get workQueues(): WorkQueue[] {
    return this.consumers.plans;
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.plan();
    } catch (error) {
      callback(error);
      return;
    }
    // Start-up does not wait for the broker: consumers start whenever it is reachable.
    this.consumers.start();
    callback();
  }

  /**
   * The work queues, their bindings, tiers and parking lots have been declared (usually just
   * after the consuming connection first opens). Until then an event published to the exchange
   * reaches no queue of this service on a fresh broker: readiness waits for it, and so does a
   * test that publishes right after starting a service.
   */
  get topologyDeclared(): boolean {
    return this.consumers.topologyDeclared;
  }

  /** Stops taking deliveries from a queue; in-flight ones finish. Messages wait in the queue. */
  pause(queue = DEFAULT_QUEUE): Promise<void> {
    return this.consumers.pause(queue);
  }

  resume(queue = DEFAULT_QUEUE): Promise<void> {
    return this.consumers.resume(queue);
  }

  isPaused(queue = DEFAULT_QUEUE): boolean {
    return this.consumers.isPaused(queue);
  }

  /** Graceful shutdown: cancel consumers, let in-flight handlers finish, close channels. */
  async close(): Promise<void> {
    await this.consumers.cancelAll();
    this.deliveries.stop();
    await Promise.allSettled([...this.inFlight]);
    await this.consumers.closeChannels();
  }

  on(): never {
    throw new Error('AmqpTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.connections.consuming as T;
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
      this.consumers.add(queue, plan);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}

function queueOf(handler: MessageHandler): string {
  const extras = handler.extras as HandlerExtras | undefined;
  return extras?.queue ?? DEFAULT_QUEUE;
}
