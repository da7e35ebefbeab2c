import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the current unit of work (an HTTP request now; a message later) is, so that every log
 * line and every message published while handling it carries the same ids without passing
 * them around by hand.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** W3C trace context of the work, passed on to the messages it publishes. */
  readonly traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
