import type { Message } from 'amqplib';
import { AckBatcher, type SettlingChannel } from './ack-batcher';

/** Records what would go on the wire, as amqplib's channel would send it. */
class RecordingChannel implements SettlingChannel {
  readonly frames: string[] = [];
  closed = false;

  ack(message: Message, allUpTo = false): void {
    if (this.closed) throw new Error('Channel closed');
    this.frames.push(`ack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}`);
  }

  nack(message: Message, allUpTo = false, requeue = true): void {
    if (this.closed) throw new Error('Channel closed');
    this.frames.push(
      `nack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}${requeue ? ' requeue' : ''}`,
    );
  }
}

function delivery(deliveryTag: number): Message {
  return {
    fields: { deliveryTag },
    properties: {},
    content: Buffer.alloc(0),
  } as unknown as Message;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function batcherWith(channel: SettlingChannel, errors: unknown[] = []): AckBatcher {
  return new AckBatcher(channel, (error) => errors.push(error));
}

describe('AckBatcher', () => {
  it('covers deliveries acked in a row with one multiple ack at the end of the turn', async () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    const messages = [1, 2, 3, 4].map(delivery);
    messages.forEach((message) => acks.delivered(message));
    messages.forEach((message) => acks.ack(message));
    expect(channel.frames).toEqual([]);
    await nextTurn();
    expect(channel.frames).toEqual(['ack 4 multiple']);
  });

  it('acks a lone delivery on its own', async () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    acks.delivered(delivery(1));
    acks.ack(delivery(1));
    await nextTurn();
    expect(channel.frames).toEqual(['ack 1']);
  });

  it('never covers a delivery still being handled: later ones are acked one by one', async () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    [1, 2, 3, 4, 5].forEach((tag) => acks.delivered(delivery(tag)));
    for (const tag of [1, 2, 4, 5]) acks.ack(delivery(tag));
    await nextTurn();
    expect(channel.frames).toEqual(['ack 2 multiple', 'ack 4', 'ack 5']);
    // The slow one finishes later: only it is left to ack.
    acks.ack(delivery(3));
    await nextTurn();
    expect(channel.frames.slice(3)).toEqual(['ack 3']);
  });

  it('continues a run after the slow delivery is acked', async () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    [1, 2, 3].forEach((tag) => acks.delivered(delivery(tag)));
    acks.ack(delivery(2));
    await nextTurn();
    [4, 5].forEach((tag) => acks.delivered(delivery(tag)));
    for (const tag of [1, 3, 4, 5]) acks.ack(delivery(tag));
    await nextTurn();
    expect(channel.frames).toEqual(['ack 2', 'ack 5 multiple']);
  });

  it('nacks at once, and a later multiple ack does not depend on the nacked delivery', async () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    [1, 2, 3].forEach((tag) => acks.delivered(delivery(tag)));
    acks.ack(delivery(1));
    acks.nack(delivery(2));
    acks.ack(delivery(3));
    expect(channel.frames).toEqual(['nack 2 requeue']);
    await nextTurn();
    expect(channel.frames).toEqual(['nack 2 requeue', 'ack 3 multiple']);
  });

  it('sends what is waiting when flushed before the turn ends (shutdown)', () => {
    const channel = new RecordingChannel();
    const acks = batcherWith(channel);
    [1, 2].forEach((tag) => acks.delivered(delivery(tag)));
    [1, 2].forEach((tag) => acks.ack(delivery(tag)));
    acks.flush();
    expect(channel.frames).toEqual(['ack 2 multiple']);
  });

  it('drops waiting acks once its channel has closed (the broker redelivers those)', async () => {
    const channel = new RecordingChannel();
    const errors: unknown[] = [];
    const acks = batcherWith(channel, errors);
    [1, 2].forEach((tag) => acks.delivered(delivery(tag)));
    acks.ack(delivery(1));
    acks.close();
    acks.ack(delivery(2));
    await nextTurn();
    expect(channel.frames).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports an ack amqplib refuses because the channel closed under it, and goes on', async () => {
    const channel = new RecordingChannel();
    const errors: unknown[] = [];
    const acks = batcherWith(channel, errors);
    acks.delivered(delivery(1));
    acks.ack(delivery(1));
    channel.closed = true;
    await nextTurn();
    expect(errors).toHaveLength(1);
    channel.closed = false;
    acks.delivered(delivery(2));
    acks.ack(delivery(2));
    await nextTurn();
    expect(channel.frames).toEqual(['ack 2']);
  });
});
