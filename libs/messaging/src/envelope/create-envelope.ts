import { randomUUID } from 'node:crypto';
import { currentRequestContext } from '@toevlucht/observability';
import { type Envelope, SPEC_VERSION, sourceOf } from './envelope';

/**
 * A new message's envelope, its ids taken from the work in progress: the correlation id of the
 * HTTP request or message being handled (or the new id, starting a chain), that request's or
 * message's id as causation, and its W3C trace context.
 */
export function createEnvelope<T>(
  service: string,
  type: string,
  data: T,
  options: {
    readonly schemaId?: string;
    readonly correlationId?: string;
    readonly causationId?: string;
  } = {},
): Envelope<T> {
  const context = currentRequestContext();
  const id = randomUUID();
  const causationId = options.causationId ?? context?.requestId;
  return {
    id,
    type,
    source: sourceOf(service),
    time: new Date().toISOString(),
    specversion: SPEC_VERSION,
    ...(options.schemaId === undefined ? {} : { dataschema: options.schemaId }),
    correlationId: options.correlationId ?? context?.correlationId ?? context?.requestId ?? id,
    ...(causationId === undefined ? {} : { causationId }),
    ...(context?.traceparent === undefined ? {} : { traceparent: context.traceparent }),
    data,
  };
}
