import { once } from 'node:events';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { Logger } from 'pino';
import type { BrokerConnection } from '../connection/broker-connection';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { EVENTS_EXCHANGE } from '../topology/topology';
import { ConfirmDeadlines } from './confirm-deadlines';
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
  /** `channel` once it has opened, so a publish need not wait a turn for it. */
  private opened: { readonly of: ChannelModel; readonly channel: ConfirmChannel } | undefined;
  private readonly pending = new Map<string, Pending>();
  private inFlight = 0;
  /** Publishes waiting for a slot, oldest from `waitingHead` on (a burst can queue thousands). */
  private readonly waiting: (() => void)[] = [];
  private waitingHead = 0;
  private readonly deadlines: ConfirmDeadlines;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly settings: ConfirmPublisherSettings,
    private readonly logger: Logger,
    private readonly metrics?: MessagingMetrics,
  ) {
    this.deadlines = new ConfirmDeadlines(settings.confirmTimeoutMs);
    connection.on('disconnected', () => {
      this.channel = undefined;
      this.channelOf = undefined;
      this.opened = undefined;
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
    if (this.inFlight < this.settings.maxUnconfirmed) this.inFlight += 1;
    else await this.slot();
    const started = process.hrtime.bigint();
    try {
      const channel = this.openChannelNow() ?? (await this.currentChannel());
      const mandatory = exchange !== EVENTS_EXCHANGE;
      const publishOptions = { ...options, mandatory, persistent: true };
      if (mandatory) {
        // Only a mandatory publish can come back as returned, so only those are tracked.
        const pending: Pending = { returned: false };
        this.pending.set(messageId, pending);
        try {
          await this.publishAndConfirm(channel, exchange, routingKey, content, publishOptions);
        } finally {
          this.pending.delete(messageId);
        }
        if (pending.returned) throw new UnroutableMessageError(exchange, routingKey);
      } else {
        await this.publishAndConfirm(channel, exchange, routingKey, content, publishOptions);
      }
      this.metrics?.publishConfirmSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    } finally {
      this.release();
    }
  }

  /**
   * Waits for the confirms still due, but no longer than one confirm timeout: by then every
   * publish waiting on one has been rejected by its own deadline (the outbox keeps those rows
   * and sends them again), and a broker that stopped answering must not hold the shutdown.
   */
  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    this.opened = undefined;
    if (channel === undefined) return;
    try {
      const open = await channel;
      if (!(await settlesWithin(open.waitForConfirms(), this.settings.confirmTimeoutMs)))
        this.logger.warn(
          { waitedMs: this.settings.confirmTimeoutMs },
          'closing the publisher with confirms still due; their publishes have failed',
        );
      // Closing waits for the broker's close-ok, which a blocked or dying connection never sends.
      await settlesWithin(open.close(), this.settings.confirmTimeoutMs);
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
      const deadline = this.deadlines.add(() =>
        reject(new ConfirmTimeoutError(this.settings.confirmTimeoutMs)),
      );
      let written: boolean;
      try {
        written = channel.publish(exchange, routingKey, content, options, (error: unknown) => {
          this.deadlines.settle(deadline);
          if (error)
            reject(error instanceof Error ? error : new Error('The broker nacked the message'));
          else resolve();
        });
      } catch (error) {
        this.deadlines.settle(deadline);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // The socket buffer is full: let it drain before more is written, instead of growing it.
      if (!written) void once(channel, 'drain').catch(() => undefined);
    });
  }

  /** The open channel of the current connection, if there is one (what `currentChannel` would resolve to). */
  private openChannelNow(): ConfirmChannel | undefined {
    const opened = this.opened;
    const connection = this.connection.current;
    if (opened === undefined || connection === undefined || this.channel === undefined)
      return undefined;
    return opened.of === connection && this.channelOf === connection ? opened.channel : undefined;
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
      this.opened = undefined;
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
      if (this.opened?.channel === channel) this.opened = undefined;
    });
    if (this.channelOf === connection) this.opened = { of: connection, channel };
    return channel;
  }

  /** Waits for a publish in flight to finish and hand over its slot. */
  private slot(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead] as () => void;
      this.waiting[this.waitingHead] = noop;
      this.waitingHead += 1;
      if (this.waitingHead === this.waiting.length) {
        this.waiting.length = 0;
        this.waitingHead = 0;
      } else if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting.splice(0, this.waitingHead);
        this.waitingHead = 0;
      }
      next();
    } else this.inFlight -= 1;
  }
}

function noop(): void {}

/** Whether `work` settles (either way) within `ms`; a rejection counts as settled. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
