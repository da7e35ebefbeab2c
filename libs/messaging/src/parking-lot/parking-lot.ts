import type { Channel, ChannelModel, ConfirmChannel, GetMessage, Message } from 'amqplib';
import { redactPersonalData } from '@toevlucht/observability';
import {
  openShortLivedChannel,
  openShortLivedConfirmChannel,
} from '../connection/short-lived-channel';
import { TRANSPORT_HEADERS } from '../envelope/amqp-envelope';
import { parkingLotName } from '../topology/topology';
import { parkedOrigin } from './parked-origin';

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

/** A parked message a replay left in the parking lot, and why. */
export interface NotReplayed {
  readonly messageId: string;
  readonly reason: string;
}

export interface ReplayResult {
  readonly replayed: string[];
  /** Parked messages other than the one asked for (`--id`), left where they are. */
  readonly skipped: number;
  /** Messages that were to be replayed but stay parked: no known origin, or no such queue. */
  readonly notReplayed: NotReplayed[];
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

  /**
   * Replays every parked message, or the one with `messageId`, into the work queue it came
   * from. A message goes back only once the broker has confirmed the copy and not returned it
   * (a publish to a queue that does not exist is confirmed too, after a return): one whose
   * queue is gone, or whose origin nothing says, stays parked and is reported.
   */
  async replay(queue: string, messageId?: string): Promise<ReplayResult> {
    const parkingLot = ParkingLot.queueOf(queue);
    const getter = await openShortLivedChannel(this.connection);
    const publisher = await openShortLivedConfirmChannel(this.connection);
    const returned = new Set<unknown>();
    publisher.on('return', (message: Message) => returned.add(message.properties.messageId));
    const replayed: string[] = [];
    const notReplayed: NotReplayed[] = [];
    const kept: GetMessage[] = [];
    let skipped = 0;
    try {
      const { messageCount } = await named(parkingLot, getter.checkQueue(parkingLot));
      for (let taken = 0; taken < messageCount; taken += 1) {
        const message = await getter.get(parkingLot, { noAck: false });
        if (message === false) break;
        const id = String(message.properties.messageId);
        if (messageId !== undefined && message.properties.messageId !== messageId) {
          kept.push(message);
          skipped += 1;
          continue;
        }
        const origin = parkedOrigin(message.properties.headers);
        if (origin === undefined) {
          kept.push(message);
          notReplayed.push({ messageId: id, reason: 'it does not say which queue it came from' });
          continue;
        }
        await replayOne(publisher, message, origin.queue);
        // Deleted once seen: a later message with the same (or no) id is judged on its own copy.
        if (returned.delete(message.properties.messageId)) {
          kept.push(message);
          notReplayed.push({ messageId: id, reason: `there is no queue ${origin.queue}` });
          continue;
        }
        getter.ack(message);
        replayed.push(id);
      }
      return { replayed, skipped, notReplayed };
    } finally {
      for (const message of kept) getter.nack(message, false, true);
      // Already closed when the broker refused a call; the call's own error is the one to see.
      await publisher.close().catch(() => undefined);
      await getter.close().catch(() => undefined);
    }
  }

  async purge(queue: string): Promise<number> {
    const channel = await openShortLivedChannel(this.connection);
    try {
      const parkingLot = ParkingLot.queueOf(queue);
      const { messageCount } = await named(parkingLot, channel.purgeQueue(parkingLot));
      return messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Takes up to `limit` messages, lets `read` look at them, then returns them all to the queue. */
  private async withMessages<T>(
    queue: string,
    limit: number,
    read: (messages: GetMessage[]) => T,
  ): Promise<T> {
    const parkingLot = ParkingLot.queueOf(queue);
    const channel: Channel = await openShortLivedChannel(this.connection);
    const taken: GetMessage[] = [];
    try {
      const { messageCount } = await named(parkingLot, channel.checkQueue(parkingLot));
      while (taken.length < Math.min(limit, messageCount)) {
        const message = await channel.get(parkingLot, { noAck: false });
        if (message === false) break;
        taken.push(message);
      }
      return read(taken);
    } finally {
      for (const message of taken) channel.nack(message, false, true);
      await channel.close().catch(() => undefined);
    }
  }
}

const NOT_FOUND = 404;

/** The broker's 404 for a parking lot, in the words of someone who typed a queue name. */
async function named<T>(parkingLot: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_FOUND)
      throw new Error(`There is no parking lot ${parkingLot}: is the queue name right?`, {
        cause: error,
      });
    throw error;
  }
}

async function replayOne(
  channel: ConfirmChannel,
  message: GetMessage,
  target: string,
): Promise<void> {
  const headers: Record<string, unknown> = { ...(message.properties.headers ?? {}) };
  for (const name of [
    TRANSPORT_HEADERS.parkReason,
    TRANSPORT_HEADERS.parkDetail,
    TRANSPORT_HEADERS.parkedAt,
    TRANSPORT_HEADERS.parkedFrom,
    TRANSPORT_HEADERS.errorStack,
    TRANSPORT_HEADERS.attempt,
    TRANSPORT_HEADERS.lastError,
    // The broker's count of deliveries from the queue it left; the replay starts afresh.
    'x-delivery-count',
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
  const origin = parkedOrigin(headers);
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
    reason: origin?.reason,
    detail: text(TRANSPORT_HEADERS.parkDetail),
    attempts: typeof attempts === 'number' ? attempts : undefined,
    parkedAt: text(TRANSPORT_HEADERS.parkedAt),
    parkedFrom: origin?.queue,
    originalExchange: text(TRANSPORT_HEADERS.originalExchange),
    originalRoutingKey: text(TRANSPORT_HEADERS.originalRoutingKey),
    firstFailureAt: text(TRANSPORT_HEADERS.firstFailureAt),
    lastFailureAt: text(TRANSPORT_HEADERS.lastFailureAt),
    errorStack: text(TRANSPORT_HEADERS.errorStack),
    payload,
  };
}
