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
  /** Who the work is done for, once authenticated (libs/security): an opaque subject and roles, never personal data. */
  readonly actor?: RequestActor;
}

export interface RequestActor {
  readonly subject: string;
  readonly roles: readonly string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Records the authenticated caller on the current context, so every later log line of the work
 * carries it. The context object is the one the request started with (one per request), set in
 * place: `enterWith` would not reach the caller's continuation after an awaited guard.
 */
export function setRequestActor(actor: RequestActor): void {
  const context = storage.getStore();
  if (context !== undefined) (context as { actor?: RequestActor }).actor = actor;
}
