import { connect } from 'amqplib';
import { baselineDocument } from './baseline-document';

export interface AmqpBaseline {
  /** Publishes per second on a confirm channel, all pipelined, one wait for the confirms. */
  readonly publishPerSecond: number;
  /** Deliveries per second from the filled queue, prefetch 100, each acked. */
  readonly consumePerSecond: number;
}

/**
 * Raw amqplib on a quorum queue, the upper bound of what our transport can do on this broker:
 * publish `messages` persistent 1 KB messages with publisher confirms, then consume them all.
 */
export async function amqpBaseline(amqpUrl: string, messages: number): Promise<AmqpBaseline> {
  const connection = await connect(amqpUrl);
  const queue = `bench-baseline-${process.pid}`;
  try {
    const publisher = await connection.createConfirmChannel();
    await publisher.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    const bodies = Array.from({ length: messages }, (_, i) =>
      Buffer.from(JSON.stringify(baselineDocument(i))),
    );
    const publishStarted = performance.now();
    for (const [i, body] of bodies.entries())
      publisher.publish('', queue, body, { persistent: true, messageId: String(i) });
    await publisher.waitForConfirms();
    const publishSeconds = (performance.now() - publishStarted) / 1000;

    const consumer = await connection.createChannel();
    await consumer.prefetch(100);
    let seen = 0;
    const consumeStarted = performance.now();
    await new Promise<void>((resolve) => {
      void consumer.consume(queue, (message) => {
        if (message === null) return;
        JSON.parse(message.content.toString('utf8'));
        consumer.ack(message);
        if ((seen += 1) === messages) resolve();
      });
    });
    const consumeSeconds = (performance.now() - consumeStarted) / 1000;
    return {
      publishPerSecond: Math.round(messages / publishSeconds),
      consumePerSecond: Math.round(messages / consumeSeconds),
    };
  } finally {
    const cleanup = await connection.createChannel();
    await cleanup.deleteQueue(queue);
    await connection.close();
  }
}
