import type { MessageKind } from '../contracts/contract-registry';

export const EVENTS_EXCHANGE = 'toevlucht.events';
export const COMMANDS_EXCHANGE = 'toevlucht.commands';

export function exchangeFor(kind: MessageKind): string {
  switch (kind) {
    case 'event':
      return EVENTS_EXCHANGE;
    case 'command':
      return COMMANDS_EXCHANGE;
    case 'reply':
      throw new Error('A reply goes straight back to its requester, never through an exchange');
  }
}

/** A work queue of a service, as the transport declares it. */
export interface WorkQueue {
  readonly name: string;
  readonly prefetch: number;
  readonly bindings: readonly { readonly exchange: string; readonly routingKey: string }[];
  /** Delayed-retry queues, in the order a failing message goes through them. */
  readonly retryQueues: readonly { readonly name: string; readonly delayMs: number }[];
  readonly parkingLot: string;
}

export const DEFAULT_QUEUE = 'default';

/** `<service>` for a service's default queue, `<service>.<queue>` for a named one. */
export function workQueueName(service: string, queue: string): string {
  return queue === DEFAULT_QUEUE ? service : `${service}.${queue}`;
}

export function retryQueueName(workQueue: string, tier: number): string {
  return `${workQueue}.retry.${tier}`;
}

export function parkingLotName(workQueue: string): string {
  return `${workQueue}.parking-lot`;
}

/**
 * How many times the broker may deliver one message before it dead-letters it to the parking
 * lot itself. Our own retry logic parks long before this; the limit catches the case our code
 * cannot: a message that kills the process every time it is handled.
 */
export const DELIVERY_LIMIT = 20;

/**
 * Queue arguments. Quorum queues everywhere (replicated, durable); retry tiers are quorum
 * queues with a message TTL that dead-letter back to the work queue through the default
 * exchange, at-least-once (which RabbitMQ ≥ 3.10 requires to be paired with reject-publish).
 * Nothing here needs a RabbitMQ newer than 3.10.
 */
export function workQueueArguments(queue: WorkQueue): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': DELIVERY_LIMIT,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue.parkingLot,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

export function retryQueueArguments(workQueue: string, delayMs: number): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': workQueue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Listing a parking lot takes messages and returns them, which counts as a delivery; with
 * RabbitMQ 4's default delivery limit of 20 a parked message would vanish after twenty looks.
 */
export const PARKING_LOT_DELIVERY_LIMIT = 1_000_000;

export function parkingLotArguments(): Record<string, unknown> {
  return { 'x-queue-type': 'quorum', 'x-delivery-limit': PARKING_LOT_DELIVERY_LIMIT };
}

export interface QueuePlanInput {
  readonly service: string;
  readonly queue: string;
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly handled: readonly { readonly type: string; readonly kind: MessageKind }[];
}

export function planWorkQueue(input: QueuePlanInput): WorkQueue {
  const name = workQueueName(input.service, input.queue);
  return {
    name,
    prefetch: input.prefetch,
    bindings: input.handled.map((handled) => ({
      exchange: exchangeFor(handled.kind),
      routingKey: handled.type,
    })),
    retryQueues: input.retryDelaysMs.map((delayMs, index) => ({
      name: retryQueueName(name, index + 1),
      delayMs,
    })),
    parkingLot: parkingLotName(name),
  };
}
