import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';

/**
 * A channel for a few calls (declaring topology, reading a parking lot). When the broker closes
 * it (a refused declaration, a queue that does not exist), the call being awaited rejects with
 * the reason, and that is where it is handled. amqplib also emits 'error' on the channel, and
 * throws that event at the process when nobody listens: so it is taken here, on purpose unused.
 */
export async function openShortLivedChannel(connection: ChannelModel): Promise<Channel> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  return channel;
}

/** The same for a confirm channel (parking-lot replay publishes with confirms). */
export async function openShortLivedConfirmChannel(
  connection: ChannelModel,
): Promise<ConfirmChannel> {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => undefined);
  return channel;
}
