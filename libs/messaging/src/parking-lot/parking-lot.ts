import type { Channel, ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { redactPersonalData } from '@toevlucht/observability';
import { TRANSPORT_HEADERS } from '../envelope/amqp-envelope';
import { parkingLotName } from '../topology/topology';

/** A parked message as ops see it: ids, reason, origin, and the payload with personal data redacted. */
export interface ParkedMessageView {
  readonly messageId: string | undefined;
  readonly type: string | undefined;
  readonly reason: string | undefined;
  readonly detail: string | undefined;
  readonly attempts: number | undefined;
  readonly parkedAt: string | undefined;
  readonly parkedFrom: string | undefined;
  readonly originalExchange: string | undefined;
  readonly originalRoutingKey: string | undefined;
  readonly firstFailureAt: string | undefined;
  readonly lastFailureAt: string | undefined;
  readonly errorStack: string | undefined;
  readonly payload: unknown;
}

export interface ReplayResult {
  readonly replayed: string[];
  readonly skipped: number;
}

/**
 * Operating a work queue's parking lot: list and inspect parked messages, replay them into the
 * work queue they were parked from (only that queue: other subscribers already handled them),
 * purge. A replayed message keeps its id, so the consumer's inbox still prevents a second effect.
 * Accepts a work queue name or its parking lot's name.
 */
export class ParkingLot {
  constructor(private readonly connection: ChannelModel) {}

  static queueOf(name: string): string {
    return name.endsWith('.parking-lot') ? name : parkingLotName(name);
  }

  async list(queue: string, limit = 100): Promise<ParkedMessageView[]> {
    return this.withMessages(queue, limit, (messages) => messages.map(view));
  }

  async show(queue: string, messageId: string): Promise<ParkedMessageView | undefined> {
    return this.withMessages(
      queue,
      Number.MAX_SAFE_INTEGER,
      (messages) =>
        messages.filter((message) => message.properties.messageId === messageId).map(view)[0],
    );
  }

  /** Replays every parked message, or the one with `messageId`. */
  async replay(queue: string, messageId?: string): Promise<ReplayResult> {
    const parkingLot = ParkingLot.queueOf(queue);
    const getter = await this.connection.createChannel();
    const publisher = await this.connection.createConfirmChannel();
    const replayed: string[] = [];
    const kept: GetMessage[] = [];
    try {
      const { messageCount } = await getter.checkQueue(parkingLot);
      for (let taken = 0; taken < messageCount; taken += 1) {
        const message = await getter.get(parkingLot, { noAck: false });
        if (message === false) break;
        if (messageId !== undefined && message.properties.messageId !== messageId) {
          kept.push(message);
          continue;
        }
        await replayOne(publisher, message);
        getter.ack(message);
        replayed.push(String(message.properties.messageId));
      }
      return { replayed, skipped: kept.length };
    } finally {
      for (const message of kept) getter.nack(message, false, true);
      await publisher.close();
      await getter.close();
    }
  }

  async purge(queue: string): Promise<number> {
    const channel = await this.connection.createChannel();
    try {
      const { messageCount } = await channel.purgeQueue(ParkingLot.queueOf(queue));
      return messageCount;
    } finally {
      await channel.close();
    }
  }

  /** Takes up to `limit` messages, lets `read` look at them, then returns them all to the queue. */
  private async withMessages<T>(
    queue: string,
    limit: number,
    read: (messages: GetMessage[]) => T,
  ): Promise<T> {
    const parkingLot = ParkingLot.queueOf(queue);
    const channel: Channel = await this.connection.createChannel();
    const taken: GetMessage[] = [];
    try {
      const { messageCount } = await channel.checkQueue(parkingLot);
      while (taken.length < Math.min(limit, messageCount)) {
        const message = await channel.get(parkingLot, { noAck: false });
        if (message === false) break;
        taken.push(message);
      }
      return read(taken);
    } finally {
      for (const message of taken) channel.nack(message, false, true);
      await channel.close();
    }
  }
}

async function replayOne(channel: ConfirmChannel, message: GetMessage): Promise<void> {
  const headers: Record<string, unknown> = { ...(message.properties.headers ?? {}) };
  const target = headers[TRANSPORT_HEADERS.parkedFrom];
  if (typeof target !== 'string' || target === '') {
    throw new Error(
      `Parked message ${String(message.properties.messageId)} does not say which queue it came from`,
    );
  }
  for (const name of [
    TRANSPORT_HEADERS.parkReason,
    TRANSPORT_HEADERS.parkDetail,
    TRANSPORT_HEADERS.parkedAt,
    TRANSPORT_HEADERS.parkedFrom,
    TRANSPORT_HEADERS.errorStack,
    TRANSPORT_HEADERS.attempt,
    TRANSPORT_HEADERS.lastError,
  ]) {
    delete headers[name];
  }
  headers[TRANSPORT_HEADERS.replayedAt] = new Date().toISOString();
  const { properties } = message;
  await new Promise<void>((resolve, reject) => {
    channel.publish(
      '',
      target,
      message.content,
      {
        messageId: properties.messageId as string | undefined,
        type: properties.type as string | undefined,
        appId: properties.appId as string | undefined,
        correlationId: properties.correlationId as string | undefined,
        timestamp: properties.timestamp as number | undefined,
        contentType: properties.contentType as string | undefined,
        contentEncoding: properties.contentEncoding as string | undefined,
        persistent: true,
        mandatory: true,
        headers,
      },
      (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('nacked')) : resolve(),
    );
  });
}

function view(message: GetMessage): ParkedMessageView {
  const headers = message.properties.headers ?? {};
  const text = (name: string): string | undefined => {
    const value = headers[name] as unknown;
    return typeof value === 'string' ? value : undefined;
  };
  const attempts = headers[TRANSPORT_HEADERS.attempt] as unknown;
  let payload: unknown;
  try {
    payload = redactPersonalData(JSON.parse(message.content.toString('utf8')));
  } catch {
    payload = `(not JSON, ${message.content.length} bytes)`;
  }
  return {
    messageId:
      typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined,
    type: typeof message.properties.type === 'string' ? message.properties.type : undefined,
    reason: text(TRANSPORT_HEADERS.parkReason),
    detail: text(TRANSPORT_HEADERS.parkDetail),
    attempts: typeof attempts === 'number' ? attempts : undefined,
    parkedAt: text(TRANSPORT_HEADERS.parkedAt),
    parkedFrom: text(TRANSPORT_HEADERS.parkedFrom),
    originalExchange: text(TRANSPORT_HEADERS.originalExchange),
    originalRoutingKey: text(TRANSPORT_HEADERS.originalRoutingKey),
    firstFailureAt: text(TRANSPORT_HEADERS.firstFailureAt),
    lastFailureAt: text(TRANSPORT_HEADERS.lastFailureAt),
    errorStack: text(TRANSPORT_HEADERS.errorStack),
    payload,
  };
}
