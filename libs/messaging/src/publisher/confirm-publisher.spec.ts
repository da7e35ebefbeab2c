import { EventEmitter } from 'node:events';
import pino from 'pino';
import type { BrokerConnection } from '../connection/broker-connection';
import { ConfirmPublisher } from './confirm-publisher';
import { ConfirmTimeoutError } from './publish-errors';

/** A confirm channel whose broker takes messages and never confirms them. */
class SilentBrokerChannel extends EventEmitter {
  closed = false;
  publish(): boolean {
    return true;
  }
  waitForConfirms(): Promise<void> {
    return new Promise(() => undefined);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function publisherOnSilentBroker() {
  const channel = new SilentBrokerChannel();
  const connection = Object.assign(new EventEmitter(), {
    current: { createConfirmChannel: () => Promise.resolve(channel) },
    lastFailure: undefined,
  }) as unknown as BrokerConnection;
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
  const publisher = new ConfirmPublisher(
    connection,
    { maxUnconfirmed: 10, confirmTimeoutMs: 50 },
    logger,
  );
  return { publisher, channel, warnings };
}

describe('ConfirmPublisher.close', () => {
  it('stops waiting for confirms after one confirm timeout, closes the channel and says so', async () => {
    const { publisher, channel, warnings } = publisherOnSilentBroker();
    const published = publisher.publish('toevlucht.events', 'x', Buffer.from('{}'), {
      messageId: 'm-1',
    });
    await expect(published).rejects.toBeInstanceOf(ConfirmTimeoutError);

    // Before, this waited for ever on a broker that never confirms (the test timed out).
    await publisher.close();
    expect(channel.closed).toBe(true);
    expect(warnings.join('')).toContain('closing the publisher with confirms still due');
  });
});
