import { randomBytes } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';
import { decodeEnvelope, EVENTS_EXCHANGE } from '@toevlucht/messaging';
import { TEST_AMQP_URL } from './test-service';

export interface CollectedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * Collects the events published on `toevlucht.events` under the given routing-key patterns, for
 * tests that watch a service process from outside. Its queue is named, not exclusive: it
 * outlives a dropped connection (another test closing connections, a broker blip), and the
 * collector reconnects to it, so no event is missed. A redelivered event is kept once (by
 * message id). The queue expires ten minutes after its last use if a run dies before `stop()`.
 */
export class EventCollector {
  readonly events: CollectedEvent[] = [];
  private readonly seen = new Set<string>();
  private readonly queue = `test.events.${randomBytes(5).toString('hex')}`;
  private connection: ChannelModel | undefined;
  private stopped = false;

  private constructor(private readonly patterns: readonly string[]) {}

  static async start(patterns: readonly string[]): Promise<EventCollector> {
    const collector = new EventCollector(patterns);
    await collector.connect();
    return collector;
  }

  ofType(type: string): CollectedEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    try {
      const channel = await this.connection?.createChannel();
      await channel?.deleteQueue(this.queue);
      await this.connection?.close();
    } catch {
      // Already gone; the queue expires by itself.
    }
  }

  private async connect(): Promise<void> {
    const connection = await connect(TEST_AMQP_URL);
    this.connection = connection;
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (!this.stopped) void this.reconnect();
    });
    const channel = await connection.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    await channel.assertQueue(this.queue, {
      durable: true,
      autoDelete: false,
      arguments: { 'x-expires': 600_000 },
    });
    for (const pattern of this.patterns) {
      await channel.bindQueue(this.queue, EVENTS_EXCHANGE, pattern);
    }
    await channel.consume(this.queue, (message) => {
      if (message === null) return;
      const decoded = decodeEnvelope({
        messageId: message.properties.messageId,
        type: message.properties.type,
        headers: message.properties.headers,
        body: message.content,
      });
      if (decoded.ok && !this.seen.has(decoded.envelope.id)) {
        this.seen.add(decoded.envelope.id);
        this.events.push({
          id: decoded.envelope.id,
          type: decoded.envelope.type,
          data: decoded.envelope.data as Record<string, unknown>,
        });
      }
      channel.ack(message);
    });
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        await this.connect();
        return;
      } catch {
        // The broker is not back yet; try again.
      }
    }
  }
}
