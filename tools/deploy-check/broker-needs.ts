import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadServiceConfig, type ServiceDescriptor } from '@toevlucht/config';
import {
  COMMANDS_EXCHANGE,
  DEFAULT_QUEUE,
  EVENTS_EXCHANGE,
  exchangeFor,
  type MessageKind,
  parkingLotName,
  retryQueueName,
  workQueueName,
} from '@toevlucht/messaging';
import { readSchemaFiles, sourceFiles, typesUsedIn } from '../contracts/contract-files';

/** RabbitMQ's name for the default exchange in permission checks. */
export const DEFAULT_EXCHANGE = 'amq.default';

/** Everything a service does on the broker, as RabbitMQ's three permissions see it. */
export interface BrokerNeeds {
  readonly service: string;
  /** Work queues, their retry tiers and parking lots: declared, bound, consumed, published to. */
  readonly queues: readonly string[];
  /** The transport declares both exchanges at start (exchange.declare needs configure). */
  readonly declaredExchanges: readonly string[];
  /** Exchanges its queues are bound to (queue.bind needs read on the exchange). */
  readonly boundExchanges: readonly string[];
  /** Exchanges it publishes to: the default one (retry tiers, parking lot, replies; also the
   * dead-letter target its queues name) and those of the events and commands it sends. */
  readonly publishedExchanges: readonly string[];
}

export interface MessageFacts {
  /** Types the service's handlers listen for (from its code). */
  readonly handled: readonly string[];
  /** Named queues its handlers ask for (`{ queue: 'x' }`), besides the default one. */
  readonly namedQueues: readonly string[];
  /** Types it publishes or sends. */
  readonly published: readonly string[];
}

/**
 * What a service needs from the broker, from the same functions the transport uses to name its
 * queues and exchanges, and the number of retry tiers its default configuration declares.
 */
export function brokerNeedsOf(
  descriptor: ServiceDescriptor,
  facts: MessageFacts,
  kindOf: (type: string) => MessageKind | undefined,
): BrokerNeeds {
  const tiers = loadServiceConfig(descriptor, {}).messaging.retryDelaysMs.length;
  const queues = [DEFAULT_QUEUE, ...facts.namedQueues].flatMap((queue) => {
    const work = workQueueName(descriptor.name, queue);
    return [
      work,
      ...Array.from({ length: tiers }, (_, index) => retryQueueName(work, index + 1)),
      parkingLotName(work),
    ];
  });
  const exchangesOf = (types: readonly string[]) =>
    [
      ...new Set(
        types.flatMap((type) => {
          const kind = kindOf(type);
          return kind === undefined || kind === 'reply' ? [] : [exchangeFor(kind)];
        }),
      ),
    ].sort();
  return {
    service: descriptor.name,
    queues,
    declaredExchanges: [EVENTS_EXCHANGE, COMMANDS_EXCHANGE],
    boundExchanges: exchangesOf(facts.handled),
    publishedExchanges: [DEFAULT_EXCHANGE, ...exchangesOf(facts.published)],
  };
}

const NAMED_QUEUE =
  /@(?:EventPattern|MessagePattern)(?:<[^>]*>)?\(\s*'[^']+'\s*,\s*\{[^}]*queue:\s*'([^']+)'/g;

/**
 * The message facts of every service, from the repository: handled types and named queues from
 * the handlers in services/<name>/src (as `npm run contracts:check` reads them), published
 * types from the AsyncAPI document's `send` operations (whose summary names the sender;
 * "adapters" is every *-adapter) and from literal `.publish('type', …)` calls.
 */
export function messageFactsOf(
  root: string,
  services: readonly string[],
): { facts: Map<string, MessageFacts>; kindOf: (type: string) => MessageKind | undefined } {
  const kinds = new Map(
    readSchemaFiles(join(root, 'contracts/messages')).map((schema) => [
      schema.type,
      schema.kind as MessageKind,
    ]),
  );
  const asyncApi = parseYaml(readFileSync(join(root, 'contracts/asyncapi.yaml'), 'utf8')) as {
    operations?: Record<string, { action?: string; summary?: string; channel?: { $ref?: string } }>;
  };
  const sentBy = new Map<string, Set<string>>(services.map((service) => [service, new Set()]));
  for (const operation of Object.values(asyncApi.operations ?? {})) {
    if (operation.action !== 'send') continue;
    const sender = (operation.summary ?? '').split(' ')[0] ?? '';
    const type = (operation.channel?.$ref ?? '').split('/').at(-1) ?? '';
    const senders =
      sender === 'adapters' ? services.filter((service) => service.endsWith('-adapter')) : [sender];
    for (const service of senders) sentBy.get(service)?.add(type);
  }
  const facts = new Map<string, MessageFacts>();
  for (const service of services) {
    const handled = new Set<string>();
    const namedQueues = new Set<string>();
    const published = sentBy.get(service) ?? new Set<string>();
    for (const file of sourceFiles(join(root, 'services', service, 'src'))) {
      const source = readFileSync(file, 'utf8');
      const used = typesUsedIn(source);
      used.handled.forEach((type) => handled.add(type));
      used.published.forEach((type) => published.add(type));
      for (const match of source.matchAll(NAMED_QUEUE)) namedQueues.add(match[1] ?? '');
    }
    facts.set(service, {
      handled: [...handled].sort(),
      namedQueues: [...namedQueues].sort(),
      published: [...published].sort(),
    });
  }
  return { facts, kindOf: (type) => kinds.get(type) };
}
