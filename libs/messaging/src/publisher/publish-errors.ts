/** The broker could not route the message to any queue (mandatory publish returned). */
export class UnroutableMessageError extends Error {
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(
      `No queue is bound for ${routingKey} on exchange '${exchange}'; the message was returned`,
    );
    this.name = 'UnroutableMessageError';
  }
}

/** No connection to the broker right now; nothing was buffered. */
export class BrokerUnavailableError extends Error {
  constructor(reason: string) {
    super(`The broker is not reachable: ${reason}`);
    this.name = 'BrokerUnavailableError';
  }
}

/** The broker neither confirmed nor rejected in time; the message may or may not be stored. */
export class ConfirmTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No publisher confirm within ${timeoutMs} ms`);
    this.name = 'ConfirmTimeoutError';
  }
}
