import type { Logger } from 'pino';
import { BrokerConnection, type BrokerConnectionSettings } from './broker-connection';

/**
 * A service's two AMQP connections, one for consuming and one for publishing, as RabbitMQ
 * advises: when the broker is short of memory or disk it blocks every connection that
 * publishes, and a consumer on that same connection could then no longer ack, so the queues
 * that would relieve the broker would stop draining. Each reconnects by itself; the process is
 * ready while both are open. The publishing one also carries request/reply (RabbitMQ's direct
 * reply-to answers on the channel that asked).
 */
export class BrokerConnections {
  readonly consuming: BrokerConnection;
  readonly publishing: BrokerConnection;

  constructor(settings: BrokerConnectionSettings, logger: Logger) {
    this.consuming = new BrokerConnection(
      { ...settings, connectionName: `${settings.connectionName} consume` },
      logger.child({ connection: 'consume' }),
    );
    this.publishing = new BrokerConnection(
      { ...settings, connectionName: `${settings.connectionName} publish` },
      logger.child({ connection: 'publish' }),
    );
  }

  start(): void {
    this.publishing.start();
    this.consuming.start();
  }

  /** Consuming first: by the time this runs the consumers are cancelled and settled anyway. */
  async close(): Promise<void> {
    await this.consuming.close();
    await this.publishing.close();
  }

  /** Why the broker counts as unreachable (naming the connection), or undefined while both are open. */
  get lastFailure(): string | undefined {
    const consuming = this.consuming.lastFailure;
    if (consuming !== undefined) return `consuming connection: ${consuming}`;
    const publishing = this.publishing.lastFailure;
    return publishing === undefined ? undefined : `publishing connection: ${publishing}`;
  }
}
