/**
 * The message envelope: CloudEvents 1.0 attributes plus correlation, causation and trace
 * context. Plain TypeScript; how it is carried over AMQP is in amqp-envelope.ts.
 */
export interface Envelope<T = unknown> {
  /** Unique per message; AMQP message_id. A replay or redelivery keeps it (the inbox relies on that). */
  readonly id: string;
  /** The message type, e.g. `registration.dossier.registered.v1`; also the routing key. */
  readonly type: string;
  /** The publishing service, as a URI reference: `/toevlucht/<service>`. */
  readonly source: string;
  /** When the fact happened or the command was issued (RFC 3339). */
  readonly time: string;
  readonly specversion: '1.0';
  /** The `$id` of the message's JSON Schema in contracts/. */
  readonly dataschema?: string;
  /** The id of the request or message that started this chain of work. */
  readonly correlationId: string;
  /** The id of the message or request that directly caused this one. */
  readonly causationId?: string;
  /** W3C trace context, when a trace is being recorded. */
  readonly traceparent?: string;
  readonly data: T;
}

export const SPEC_VERSION = '1.0';

export function sourceOf(service: string): string {
  return `/toevlucht/${service}`;
}
