import type { Message } from 'amqplib';

/** The part of an amqplib channel that settles deliveries (a hand-written fake in unit tests). */
export interface SettlingChannel {
  ack(message: Message, allUpTo?: boolean): void;
  nack(message: Message, allUpTo?: boolean, requeue?: boolean): void;
}

/**
 * Settles the deliveries of one consumer channel. Acks wait until the event loop's current turn
 * is over (setImmediate) and then go out as few frames as possible: deliveries acked in a row
 * from the oldest unsettled one are covered by one `multiple` ack, because on a quorum queue
 * every ack frame is a command the broker writes to its log, and the benchmark's broker spent
 * a visible part of its time on them. A delivery acked while an older one is still being
 * handled is acked on its own, so a slow handler never holds the others' prefetch slots.
 * A `multiple` ack only ever covers deliveries this batcher was told about and saw acked: the
 * handler's transaction has committed for each of them, as with one ack per message.
 */
export class AckBatcher {
  /** Delivery tags not yet acked on the wire, oldest first (the broker numbers them upwards). */
  private readonly unsettled: number[] = [];
  /** Acked by their handlers, waiting for the end of this turn. */
  private readonly ready = new Map<number, Message>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly channel: SettlingChannel,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Every delivery of the channel, in the order they arrive, before it is handled. */
  delivered(message: Message): void {
    this.unsettled.push(message.fields.deliveryTag);
  }

  ack(message: Message): void {
    if (this.closed) return;
    this.ready.set(message.fields.deliveryTag, message);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Back to the queue at once (not batched): the broker redelivers it. */
  nack(message: Message): void {
    if (this.closed) return;
    this.forget(message.fields.deliveryTag);
    this.send(() => this.channel.nack(message, false, true));
  }

  /** Sends the acks waiting now (the transport's close calls it before closing the channel). */
  flush(): void {
    if (this.ready.size === 0 || this.closed) return;
    let inARow = 0;
    while (inARow < this.unsettled.length && this.ready.has(this.unsettled[inARow] as number))
      inARow += 1;
    if (inARow > 0) {
      const last = this.ready.get(this.unsettled[inARow - 1] as number) as Message;
      this.send(() => this.channel.ack(last, inARow > 1));
      for (const tag of this.unsettled.splice(0, inARow)) this.ready.delete(tag);
    }
    for (const [tag, message] of this.ready) {
      this.forget(tag);
      this.send(() => this.channel.ack(message, false));
    }
    this.ready.clear();
  }

  /**
   * The channel closed: its delivery tags mean nothing on any other channel, and the broker
   * redelivers whatever was not acked, so what is waiting is dropped.
   */
  close(): void {
    this.closed = true;
    this.ready.clear();
    this.unsettled.length = 0;
  }

  private forget(tag: number): void {
    const index = this.unsettled.indexOf(tag);
    if (index >= 0) this.unsettled.splice(index, 1);
  }

  private send(settle: () => void): void {
    try {
      settle();
    } catch (error) {
      // The channel closed since these deliveries arrived (amqplib throws on a closed channel).
      this.onError(error);
    }
  }
}
