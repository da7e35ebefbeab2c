import { once } from 'node:events';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { Logger } from 'pino';
import type { BrokerConnection } from '../connection/broker-connection';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { EVENTS_EXCHANGE } from '../topology/topology';
import {
  BrokerUnavailableError,
  ConfirmTimeoutError,
  UnroutableMessageError,
} from './publish-errors';

export interface ConfirmPublisherSettings {
  /** Messages published but not yet confirmed; callers beyond it wait their turn. */
  readonly maxUnconfirmed: number;
  readonly confirmTimeoutMs: number;
}

interface Pending {
  returned: boolean;
}

/**
 * Publishes with publisher confirms and persistence: a publish resolves only when the broker has
 * taken responsibility for the message, and rejects when it nacked it, did not answer within the
 * confirm timeout, or is not connected. Commands (and anything not sent to the events exchange)
 * are `mandatory`: a command nobody consumes means its owner is missing, so the publish rejects
 * as unroutable and the outbox keeps it. An event nobody subscribes to is a fact nobody needs
 * yet: the broker drops it and that is a success, or one unsubscribed event type would hold up
 * every later message of its ordering key.
 * Never buffers: without a connection a publish fails at once (the outbox keeps the message).
 */
export class ConfirmPublisher {
  private channel: Promise<ConfirmChannel> | undefined;
  private channelOf: ChannelModel | undefined;
  private readonly pending = new Map<string, Pending>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly connection: BrokerConnection,
    private readonly settings: ConfirmPublisherSettings,
    private readonly logger: Logger,
    private readonly metrics?: MessagingMetrics,
  ) {
    connection.on('disconnected', () => {
      this.channel = undefined;
      this.channelOf = undefined;
    });
  }

  /** Every message needs a messageId: it is how a returned message is matched to its publish. */
  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    const messageId = options.messageId;
    if (messageId === undefined || messageId === '')
      throw new Error('A published message needs a messageId');
    await this.acquire();
    const started = process.hrtime.bigint();
    try {
      const channel = await this.currentChannel();
      const pending: Pending = { returned: false };
      this.pending.set(messageId, pending);
      try {
        await this.publishAndConfirm(channel, exchange, routingKey, content, {
          ...options,
          mandatory: exchange !== EVENTS_EXCHANGE,
          persistent: true,
        });
      } finally {
        this.pending.delete(messageId);
      }
      if (pending.returned) throw new UnroutableMessageError(exchange, routingKey);
      this.metrics?.publishConfirmSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (channel === undefined) return;
    try {
      const open = await channel;
      await open.waitForConfirms();
      await open.close();
    } catch (error) {
      this.logger.debug({ err: error }, 'publisher channel already closed');
    }
  }

  private publishAndConfirm(
    channel: ConfirmChannel,
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ConfirmTimeoutError(this.settings.confirmTimeoutMs)),
        this.settings.confirmTimeoutMs,
      );
      let written: boolean;
      try {
        written = channel.publish(exchange, routingKey, content, options, (error: unknown) => {
          clearTimeout(timer);
          if (error)
            reject(error instanceof Error ? error : new Error('The broker nacked the message'));
          else resolve();
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // The socket buffer is full: let it drain before more is written, instead of growing it.
      if (!written) void once(channel, 'drain').catch(() => undefined);
    });
  }

  private currentChannel(): Promise<ConfirmChannel> {
    const connection = this.connection.current;
    if (connection === undefined) {
      return Promise.reject(
        new BrokerUnavailableError(this.connection.lastFailure ?? 'not connected'),
      );
    }
    if (this.channel === undefined || this.channelOf !== connection) {
      this.channelOf = connection;
      this.channel = this.openChannel(connection);
      this.channel.catch(() => {
        this.channel = undefined;
      });
    }
    return this.channel;
  }

  private async openChannel(connection: ChannelModel): Promise<ConfirmChannel> {
    const channel = await connection.createConfirmChannel();
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as unknown;
      const pending = typeof id === 'string' ? this.pending.get(id) : undefined;
      if (pending !== undefined) pending.returned = true;
    });
    channel.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'publisher channel error'),
    );
    channel.on('close', () => {
      if (this.channelOf === connection) {
        this.channel = undefined;
        this.channelOf = undefined;
      }
    });
    return channel;
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.settings.maxUnconfirmed) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.inFlight -= 1;
  }
}
