import type { Channel, ChannelModel, ConsumeMessage, Message } from 'amqplib';
import type { Logger } from 'pino';
import type { BrokerConnection } from '../connection/broker-connection';
import type { ContractRegistry } from '../contracts/contract-registry';
import { InvalidMessageError } from '../consumer/message-errors';
import { encodeData, toPublishOptions, TRANSPORT_HEADERS } from '../envelope/amqp-envelope';
import { createEnvelope } from '../envelope/create-envelope';
import { exchangeFor } from '../topology/topology';
import { BrokerUnavailableError, UnroutableMessageError } from '../publisher/publish-errors';

/** RabbitMQ's direct reply-to: replies come back on the requesting channel, no queue needed. */
const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

export class RequestTimeoutError extends Error {
  constructor(
    readonly type: string,
    readonly timeoutMs: number,
  ) {
    super(`No reply to ${type} within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** The handler of a request failed; `message` is its error. */
export class RequestFailedError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

interface Pending {
  readonly replyType: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over the mesh, for the rare case a person waits on the answer (BRIEF §3):
 * `request(type, data, { timeoutMs })` sends a command to its owner's `@MessagePattern` handler
 * and resolves with the validated reply, or rejects with RequestTimeoutError,
 * RequestFailedError, UnroutableMessageError (nobody handles the type) or
 * BrokerUnavailableError. The request carries the timeout as its AMQP expiration, so a request
 * nobody picked up in time is dropped rather than handled for nobody.
 */
export class RequestClient {
  private channel: Promise<Channel> | undefined;
  private channelOf: ChannelModel | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly service: string,
    private readonly connection: BrokerConnection,
    private readonly contracts: ContractRegistry,
    private readonly logger: Logger,
  ) {}

  async request<TReply>(
    type: string,
    data: unknown,
    options: { timeoutMs: number },
  ): Promise<TReply> {
    const contract = this.contracts.get(type);
    const replyType = contract?.replyType;
    if (contract === undefined || replyType === undefined) {
      throw new InvalidMessageError(type, [
        'not a request: its schema names no x-toevlucht-reply-type',
      ]);
    }
    const validation = this.contracts.validate(type, data);
    if (!validation.valid) throw new InvalidMessageError(type, validation.errors);
    const channel = await this.currentChannel();
    const envelope = createEnvelope(this.service, type, data, { schemaId: contract.schemaId });
    const id = envelope.id;
    return new Promise<TReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(type, options.timeoutMs));
      }, options.timeoutMs);
      this.pending.set(id, {
        replyType,
        resolve: (value) => resolve(value as TReply),
        reject,
        timer,
      });
      try {
        channel.publish(exchangeFor(contract.kind), type, encodeData(data), {
          ...toPublishOptions(envelope),
          replyTo: DIRECT_REPLY_TO,
          mandatory: true,
          persistent: false,
          expiration: String(options.timeoutMs),
        });
      } catch (error) {
        this.settle(id, error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async close(): Promise<void> {
    for (const id of [...this.pending.keys()])
      this.settle(id, new BrokerUnavailableError('the client is closing'));
    const channel = this.channel;
    this.channel = undefined;
    await channel?.then((open) => open.close()).catch(() => undefined);
  }

  private currentChannel(): Promise<Channel> {
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

  private async openChannel(connection: ChannelModel): Promise<Channel> {
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'request channel error'),
    );
    channel.on('close', () => {
      if (this.channelOf === connection) {
        this.channel = undefined;
        this.channelOf = undefined;
      }
      // Replies to this channel can no longer arrive.
      for (const id of [...this.pending.keys()])
        this.settle(id, new BrokerUnavailableError('the connection was lost'));
    });
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as unknown;
      if (typeof id === 'string') {
        this.settle(
          id,
          new UnroutableMessageError(message.fields.exchange, message.fields.routingKey),
        );
      }
    });
    await channel.consume(DIRECT_REPLY_TO, (message) => this.onReply(message), { noAck: true });
    return channel;
  }

  private onReply(message: ConsumeMessage | null): void {
    if (message === null) return;
    const headers = message.properties.headers ?? {};
    const requestId = headers['cloudEvents:causationid'] as unknown;
    if (typeof requestId !== 'string') return;
    const pending = this.pending.get(requestId);
    if (pending === undefined) return; // timed out already
    const failure = headers[TRANSPORT_HEADERS.replyError] as unknown;
    if (typeof failure === 'string') {
      this.settle(requestId, new RequestFailedError(pending.replyType, failure));
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(message.content.toString('utf8'));
    } catch {
      this.settle(requestId, new InvalidMessageError(pending.replyType, ['the reply is not JSON']));
      return;
    }
    const validation = this.contracts.validate(pending.replyType, data);
    if (!validation.valid) {
      this.settle(requestId, new InvalidMessageError(pending.replyType, validation.errors));
      return;
    }
    clearTimeout(pending.timer);
    this.pending.delete(requestId);
    pending.resolve(data);
  }

  private settle(id: string, error: Error): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.reject(error);
  }
}
