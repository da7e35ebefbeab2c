import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';

/**
 * The four kinds of bad message a consumer must park at once instead of retrying or crashing
 * (libs/messaging: decodeEnvelope and the transport's checks), each with the park reason the
 * transport gives it.
 */
export const MALFORMED_KINDS = [
  { kind: 'not-json', reason: 'not-json' },
  { kind: 'no-cloudevents-fields', reason: 'missing-type' },
  { kind: 'unknown-type', reason: 'unknown-type' },
  { kind: 'schema-invalid', reason: 'schema-invalid' },
] as const;

export type MalformedKind = (typeof MALFORMED_KINDS)[number]['kind'];

export interface InjectedMessage {
  readonly id: string;
  readonly queue: string;
  readonly kind: MalformedKind;
}

/** A work queue and one message type it is bound to (for the messages that need a real type). */
export interface TargetQueue {
  readonly name: string;
  readonly knownType: string;
}

/** What goes on the wire for one kind: AMQP properties and body. */
export function malformedMessage(
  kind: MalformedKind,
  knownType: string,
  id: string,
): { body: Buffer; type: string | undefined; headers: Record<string, string> } {
  const ce = (type: string): Record<string, string> => ({
    'cloudEvents:specversion': '1.0',
    'cloudEvents:id': id,
    'cloudEvents:type': type,
    'cloudEvents:source': '/chaos',
    'cloudEvents:time': new Date().toISOString(),
  });
  switch (kind) {
    case 'not-json':
      return {
        body: Buffer.from('{"chaos": not json at all'),
        type: knownType,
        headers: ce(knownType),
      };
    case 'no-cloudevents-fields':
      // A message id (so the parking lot can be checked by id), nothing else of an envelope.
      return {
        body: Buffer.from(JSON.stringify({ chaos: 'no envelope' })),
        type: undefined,
        headers: {},
      };
    case 'unknown-type': {
      const type = 'chaos.unknown-type.v1';
      return { body: Buffer.from(JSON.stringify({ chaos: 'unknown' })), type, headers: ce(type) };
    }
    case 'schema-invalid':
      // An array where every contract wants an object: invalid for any message type.
      return {
        body: Buffer.from(JSON.stringify([{ chaos: 'schema-invalid' }])),
        type: knownType,
        headers: ce(knownType),
      };
  }
}

/**
 * Publishes every kind of bad message into each queue, with a client of its own (not the
 * services' libraries), straight to the queue through the default exchange, confirmed.
 * Returns what was injected, ids included, for comparison with the parking lots afterwards.
 */
export async function injectMalformedMessages(
  amqpUrl: string,
  queues: readonly TargetQueue[],
): Promise<InjectedMessage[]> {
  const connection = await connect(amqpUrl);
  const injected: InjectedMessage[] = [];
  try {
    const channel = await connection.createConfirmChannel();
    // Mandatory: a message no queue took comes back, and would silently spoil the comparison.
    const returned: string[] = [];
    channel.on('return', (message: { properties: { messageId?: unknown } }) =>
      returned.push(String(message.properties.messageId)),
    );
    for (const queue of queues) {
      for (const { kind } of MALFORMED_KINDS) {
        const id = `chaos-${kind}-${randomUUID()}`;
        const message = malformedMessage(kind, queue.knownType, id);
        channel.publish('', queue.name, message.body, {
          messageId: id,
          ...(message.type === undefined ? {} : { type: message.type }),
          contentType: 'application/json',
          persistent: true,
          mandatory: true,
          headers: message.headers,
        });
        injected.push({ id, queue: queue.name, kind });
      }
    }
    await channel.waitForConfirms();
    await channel.close();
    if (returned.length > 0)
      throw new Error(`unroutable injected messages: ${returned.join(', ')}`);
  } finally {
    await connection.close();
  }
  return injected;
}
