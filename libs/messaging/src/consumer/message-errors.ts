/**
 * Thrown by a handler when retrying cannot help (the message asks for something that will
 * never be possible): the message goes straight to the parking lot with this reason.
 */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

/** Publishing a payload that does not match its schema: a bug in the publisher. */
export class InvalidMessageError extends Error {
  constructor(
    readonly type: string,
    readonly errors: readonly string[],
  ) {
    super(`Refusing to publish an invalid ${type}: ${errors.join('; ')}`);
    this.name = 'InvalidMessageError';
  }
}
