import { timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Connection, type ParsedKey, Server, utils } from 'ssh2';
import { NO_FAULTS, type SftpFaults, updateFaults } from './faults';
import { generateKeyPair } from './key-pair';
import { OrafinProcessor } from './orafin-processor';
import { serveSftp } from './sftp-session';
import { VirtualFiles } from './virtual-files';

export interface OrafinSftpSettings {
  readonly host: string;
  /** 0 picks a free port. */
  readonly sftpPort: number;
  readonly adminPort: number;
  readonly username: string;
  /** Password login, when set. */
  readonly password?: string | undefined;
  /** Public-key login with this OpenSSH public key, when set. */
  readonly authorizedKey?: string | undefined;
  /** The server's private host key (OpenSSH or PEM); a fresh ed25519 key when absent. */
  readonly hostKey?: string | undefined;
  readonly faults?: Partial<SftpFaults>;
  /** The random source of the failure rates; a seeded one makes a test reproducible. */
  readonly random?: () => number;
}

/**
 * The Orafin SFTP drop, simulated: an SSH server with only the SFTP subsystem over in-memory
 * folders in/, out/ and archive/, Orafin's processing of each InFile, and an HTTP admin endpoint
 * for faults and for what was received:
 *
 *   GET  /admin/received  every InFile received, with its references
 *   GET  /admin/files     the files in each folder
 *   POST /admin/faults    set faults (JSON, see faults.ts; `outageMs` starts an outage)
 *   POST /admin/reset     back to no faults (files and received references are kept)
 */
export class OrafinSftpSimulator {
  readonly files = new VirtualFiles();
  readonly processor: OrafinProcessor;
  /** Uploads failed on purpose, and connections refused during an outage or at login. */
  readonly stats = { failedUploads: 0, droppedConnections: 0, refusedLogins: 0 };
  private faults: SftpFaults;
  private readonly clients = new Set<Connection>();
  private readonly sshServer: Server;
  private readonly adminServer: HttpServer;
  private readonly authorizedKey: ParsedKey | null;

  constructor(private readonly settings: OrafinSftpSettings) {
    this.faults = { ...NO_FAULTS, ...settings.faults };
    this.processor = new OrafinProcessor(this.files, () => this.faults, settings.random);
    this.authorizedKey = parseKey(settings.authorizedKey);
    const hostKey = settings.hostKey ?? generateKeyPair().private;
    this.sshServer = new Server({ hostKeys: [hostKey] }, (client) => this.accept(client));
    this.adminServer = createServer((request, response) => this.admin(request, response));
  }

  get sftpPort(): number {
    return (this.sshServer.address() as AddressInfo).port;
  }

  get adminPort(): number {
    return (this.adminServer.address() as AddressInfo).port;
  }

  get adminUrl(): string {
    return `http://${this.settings.host}:${this.adminPort}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.sshServer.listen(this.settings.sftpPort, this.settings.host, () => resolve()),
    );
    await new Promise<void>((resolve) =>
      this.adminServer.listen(this.settings.adminPort, this.settings.host, () => resolve()),
    );
  }

  async stop(): Promise<void> {
    this.processor.stop();
    for (const client of this.clients) client.end();
    this.adminServer.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => this.sshServer.close(resolve)),
      new Promise((resolve) => this.adminServer.close(resolve)),
    ]);
  }

  setFaults(request: Record<string, unknown>): SftpFaults {
    this.faults = updateFaults(this.faults, request, Date.now());
    if (this.faults.outageUntil > Date.now()) {
      for (const client of this.clients) client.end();
    }
    return this.faults;
  }

  private accept(client: Connection): void {
    // Errors of one client's connection (a reset, a bad packet) end that client only.
    client.on('error', () => client.end());
    if (Date.now() < this.faults.outageUntil) {
      this.stats.droppedConnections += 1;
      client.end();
      return;
    }
    this.clients.add(client);
    // Small request/answer packets: without this, Nagle and delayed ACKs slow every request.
    // (ssh2's Connection has setNoDelay at run time; its type declarations miss it.)
    (client as unknown as { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('close', () => this.clients.delete(client));
    client.on('authentication', (context) => {
      if (this.faults.authFailure || !same(context.username, this.settings.username)) {
        this.stats.refusedLogins += 1;
        return context.reject();
      }
      if (context.method === 'password' && this.settings.password !== undefined) {
        return same(context.password, this.settings.password) ? context.accept() : context.reject();
      }
      if (context.method === 'publickey' && this.authorizedKey !== null) {
        const key = this.authorizedKey;
        if (context.key.algo !== key.type || !key.getPublicSSH().equals(context.key.data)) {
          return context.reject();
        }
        if (context.signature === undefined || context.blob === undefined) return context.accept();
        return key.verify(context.blob, context.signature, context.hashAlgo)
          ? context.accept()
          : context.reject();
      }
      context.reject(this.methods());
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          serveSftp(
            acceptSftp(),
            this.files,
            () => this.faults,
            {
              inFileArrived: (path) => this.processor.inFileArrived(path),
              uploadFailed: () => (this.stats.failedUploads += 1),
            },
            this.settings.random,
          );
        });
      });
    });
  }

  private methods(): ('password' | 'publickey')[] {
    return [
      ...(this.settings.password === undefined ? [] : (['password'] as const)),
      ...(this.authorizedKey === null ? [] : (['publickey'] as const)),
    ];
  }

  private admin(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const route = `${request.method} ${request.url}`;
    if (route === 'GET /admin/received') {
      return send(200, { files: this.processor.received, stats: this.stats });
    }
    if (route === 'GET /admin/files') {
      const folders = Object.fromEntries(
        ['/in', '/out', '/archive'].map((folder) => [
          folder.slice(1),
          this.files.list(folder).map(({ name, file }) => ({ name, size: file.content.length })),
        ]),
      );
      return send(200, folders);
    }
    if (route === 'POST /admin/reset') {
      this.faults = { ...NO_FAULTS, ...this.settings.faults };
      return send(200, this.faults);
    }
    if (route === 'POST /admin/faults') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        try {
          send(
            200,
            this.setFaults(JSON.parse(body === '' ? '{}' : body) as Record<string, unknown>),
          );
        } catch (error) {
          send(400, { error: (error as Error).message });
        }
      });
      return;
    }
    send(404, { error: 'not found' });
  }
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseKey(text: string | undefined): ParsedKey | null {
  if (text === undefined) return null;
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error)
    throw new Error(`the authorized key cannot be read: ${parsed.message}`);
  return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
}
