import { EventEmitter } from 'node:events';
import { connect, type ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from './backoff';

export interface BrokerConnectionSettings {
  readonly url: string;
  /** Shown in RabbitMQ's management UI, so ops see which service holds a connection. */
  readonly connectionName: string;
  readonly heartbeatSeconds: number;
  readonly reconnect: BackoffPolicy;
}

type BrokerConnectionEvents = {
  connected: [ChannelModel];
  disconnected: [Error | undefined];
};

/**
 * One long-lived AMQP connection per process that comes back by itself: when the broker
 * closes it, restarts or cannot be reached, it reconnects with jittered backoff for as long as
 * the process runs. Consumers and publishers listen for `connected` to (re)declare their
 * topology and channels; readiness asks `isConnected`.
 *
 * Starting does not wait for the broker: a service whose broker is down still starts, reports
 * not-ready and connects as soon as the broker answers.
 */
export class BrokerConnection extends EventEmitter<BrokerConnectionEvents> {
  private connection: ChannelModel | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private lastError: Error | undefined;

  constructor(
    private readonly settings: BrokerConnectionSettings,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** The open connection, or undefined while disconnected. */
  get current(): ChannelModel | undefined {
    return this.connection;
  }

  get isConnected(): boolean {
    return this.connection !== undefined;
  }

  /** Why the broker is unreachable, for readiness; undefined while connected. */
  get lastFailure(): string | undefined {
    if (this.connection !== undefined) return undefined;
    return this.lastError?.message ?? 'not connected yet';
  }

  start(): void {
    this.closing = false;
    void this.connectOnce();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) {
      // Its own 'close' is ignored from here on: tell the listeners now.
      this.emit('disconnected', undefined);
      try {
        await connection.close();
      } catch (error) {
        // Already closed by the broker: nothing left to release.
        this.logger.debug({ err: error }, 'broker connection was already closed');
      }
    }
  }

  private async connectOnce(): Promise<void> {
    if (this.closing) return;
    try {
      const connection = await connect(
        withHeartbeat(this.settings.url, this.settings.heartbeatSeconds),
        {
          clientProperties: { connection_name: this.settings.connectionName },
          timeout: 10_000,
        },
      );
      if (this.closing) {
        await connection.close();
        return;
      }
      connection.on('error', (error: Error) => {
        this.lastError = error;
        this.logger.warn({ err: error }, 'broker connection error');
      });
      connection.on('close', (error?: Error) => this.onClosed(connection, error));
      this.connection = connection;
      this.attempt = 0;
      this.lastError = undefined;
      this.logger.info('connected to the broker');
      this.emit('connected', connection);
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      this.scheduleReconnect();
    }
  }

  private onClosed(connection: ChannelModel, error: Error | undefined): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (error !== undefined) this.lastError = error;
    this.emit('disconnected', error);
    if (this.closing) return;
    this.logger.warn({ err: error }, 'broker connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing) return;
    const delay = backoffDelay(this.settings.reconnect, this.attempt);
    // Say so at once, then now and then: silence for minutes would hide a wrong AMQP_URL.
    if (this.attempt % 20 === 0) {
      this.logger.warn(
        { attempt: this.attempt + 1, reason: this.lastError?.message },
        'broker unreachable; retrying',
      );
    }
    this.attempt += 1;
    this.logger.debug(
      { attempt: this.attempt, delayMs: delay, reason: this.lastError?.message },
      'broker reconnect scheduled',
    );
    this.timer = setTimeout(() => void this.connectOnce(), delay);
  }
}

/** Sets the heartbeat the URL asks for, unless the URL already says (ops may tune it there). */
function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}
