import type { Options } from 'amqplib';
import { type Envelope, SPEC_VERSION } from './envelope';

/**
 * CloudEvents' AMQP protocol binding: attributes travel as application properties (headers)
 * named `cloudEvents:<attribute>`; `id` also goes into the AMQP `message-id` property, `type`
 * into `type`, the correlation id into `correlation-id`, so generic AMQP tools show them.
 */
const PREFIX = 'cloudEvents:';

/** Our own transport headers (retries and parking), never part of the CloudEvent. */
export const TRANSPORT_HEADERS = {
  attempt: 'x-toevlucht-attempt',
  firstFailureAt: 'x-toevlucht-first-failure-at',
  lastFailureAt: 'x-toevlucht-last-failure-at',
  lastError: 'x-toevlucht-last-error',
  parkReason: 'x-toevlucht-park-reason',
  parkDetail: 'x-toevlucht-park-detail',
  errorStack: 'x-toevlucht-error-stack',
  originalExchange: 'x-toevlucht-original-exchange',
  originalRoutingKey: 'x-toevlucht-original-routing-key',
  parkedAt: 'x-toevlucht-parked-at',
  parkedFrom: 'x-toevlucht-parked-from',
  replayedAt: 'x-toevlucht-replayed-at',
  /** On a reply: the request failed, and why (the body is then null). */
  replyError: 'x-toevlucht-reply-error',
} as const;

// The header names, built once rather than per message.
const HEADER = {
  specversion: `${PREFIX}specversion`,
  id: `${PREFIX}id`,
  type: `${PREFIX}type`,
  source: `${PREFIX}source`,
  time: `${PREFIX}time`,
  correlationid: `${PREFIX}correlationid`,
  dataschema: `${PREFIX}dataschema`,
  causationid: `${PREFIX}causationid`,
  traceparent: `${PREFIX}traceparent`,
} as const;

export function toPublishOptions(envelope: Envelope): Options.Publish {
  const headers: Record<string, string> = {
    [HEADER.specversion]: envelope.specversion,
    [HEADER.id]: envelope.id,
    [HEADER.type]: envelope.type,
    [HEADER.source]: envelope.source,
    [HEADER.time]: envelope.time,
    [HEADER.correlationid]: envelope.correlationId,
  };
  if (envelope.dataschema !== undefined) headers[HEADER.dataschema] = envelope.dataschema;
  if (envelope.causationId !== undefined) headers[HEADER.causationid] = envelope.causationId;
  if (envelope.traceparent !== undefined) headers[HEADER.traceparent] = envelope.traceparent;
  return {
    messageId: envelope.id,
    type: envelope.type,
    appId: envelope.source,
    correlationId: envelope.correlationId,
    timestamp: Math.floor(Date.parse(envelope.time) / 1000),
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    persistent: true,
    headers,
  };
}

export function encodeData(data: unknown): Buffer {
  return Buffer.from(JSON.stringify(data), 'utf8');
}

/** What arrived, as far as the envelope is concerned (AMQP properties and body). */
export interface IncomingMessage {
  readonly messageId?: unknown;
  readonly type?: unknown;
  readonly contentType?: unknown;
  readonly headers?: Record<string, unknown>;
  readonly body: Buffer;
}

export type DecodeResult =
  | { readonly ok: true; readonly envelope: Envelope }
  | {
      readonly ok: false;
      readonly reason: 'missing-message-id' | 'missing-type' | 'not-json';
      readonly detail: string;
    };

/**
 * Reads an envelope from an AMQP message. Malformed input is a result, never an exception:
 * the consumer parks it with the reason and goes on.
 */
export function decodeEnvelope(message: IncomingMessage): DecodeResult {
  const headers = message.headers ?? {};
  const header = (name: keyof typeof HEADER): string | undefined => nonEmpty(headers[HEADER[name]]);
  const id = nonEmpty(message.messageId) ?? header('id');
  if (id === undefined) {
    return {
      ok: false,
      reason: 'missing-message-id',
      detail: 'The message has no message-id property.',
    };
  }
  const type = nonEmpty(message.type) ?? header('type');
  if (type === undefined) {
    return { ok: false, reason: 'missing-type', detail: 'The message has no type property.' };
  }
  let data: unknown;
  try {
    data = JSON.parse(message.body.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: 'not-json',
      detail: `The body is not JSON: ${(error as Error).message}`,
    };
  }
  const envelope: Envelope = {
    id,
    type,
    source: header('source') ?? 'unknown',
    time: header('time') ?? new Date(0).toISOString(),
    specversion: SPEC_VERSION,
    correlationId: header('correlationid') ?? id,
    ...optional('dataschema', header('dataschema')),
    ...optional('causationId', header('causationid')),
    ...optional('traceparent', header('traceparent')),
    data,
  };
  return { ok: true, envelope };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
