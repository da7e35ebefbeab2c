import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real dependency (PostgreSQL, RabbitMQ), so a test can
 * make that dependency unreachable for one service, and bring it back, without stopping the
 * server every other test and process on the machine shares.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: 'up' | 'down' | 'hanging' = 'up';
  private accepted = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    const address = this.server?.address();
    if (address === null || address === undefined || typeof address === 'string') {
      throw new Error('proxy is not listening');
    }
    return address.port;
  }

  /**
   * Connections the proxy has accepted so far, in any mode: lets a test wait until a process
   * has really reached the dependency instead of sleeping for a guess.
   */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** Cuts every open connection and refuses (accepts, then resets) new ones. */
  down(): void {
    this.mode = 'down';
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  up(): void {
    this.mode = 'up';
  }

  /** Accepts new connections and never answers: a server that hangs. */
  hang(): void {
    this.mode = 'hanging';
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private listen(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    return new Promise((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    if (this.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'hanging') {
      this.sockets.add(client);
      client.on('error', () => client.destroy());
      client.on('close', () => this.sockets.delete(client));
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
