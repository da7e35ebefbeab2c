import { createHash } from 'node:crypto';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { type DropSession, DropUnavailableError, type FileDrop } from './file-drop';

export interface SftpSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string | undefined;
  readonly privateKey: string | undefined;
  /** The server's host key fingerprint (SHA256, base64 as OpenSSH prints it); unchecked when absent. */
  readonly hostKeySha256: string | undefined;
  /** Bound on connecting and on each single SFTP request. */
  readonly timeoutMs: number;
}

/** The drop over SFTP (ssh2): a connection per session, closed when the session's work ends. */
export class Ssh2FileDrop implements FileDrop {
  constructor(private readonly settings: SftpSettings) {}

  async session<T>(work: (session: DropSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // An abort before the session began fires no 'abort' event for the listener below.
    signal?.throwIfAborted();
    const client = new Client();
    // A late error (reset after the work ended) must not become an unhandled 'error' event.
    client.on('error', () => undefined);
    const abort = () => client.destroy();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const sftp = await this.connect(client);
      return await work(new Ssh2DropSession(sftp, this.settings.timeoutMs, () => client.destroy()));
    } finally {
      signal?.removeEventListener('abort', abort);
      client.end();
    }
  }

  private connect(client: Client): Promise<SFTPWrapper> {
    const { settings } = this;
    const config: ConnectConfig = {
      host: settings.host,
      port: settings.port,
      username: settings.username,
      readyTimeout: settings.timeoutMs,
      ...(settings.password === undefined ? {} : { password: settings.password }),
      ...(settings.privateKey === undefined ? {} : { privateKey: settings.privateKey }),
      ...(settings.hostKeySha256 === undefined
        ? {}
        : {
            hostVerifier: (key: Buffer) =>
              createHash('sha256').update(key).digest('base64').replace(/=+$/, '') ===
              settings.hostKeySha256!.replace(/^SHA256:/, '').replace(/=+$/, ''),
          }),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.destroy();
        reject(new DropUnavailableError('SFTP session not opened in time'));
      }, settings.timeoutMs);
      client.once('ready', () => {
        // Each SFTP request is a small write awaiting its answer: Nagle's algorithm against the
        // peer's delayed ACK would add tens of milliseconds to every one.
        client.setNoDelay(true);
        client.sftp((error, sftp) => {
          clearTimeout(timer);
          if (error === undefined || error === null) resolve(sftp);
          else reject(new DropUnavailableError('SFTP subsystem refused', { cause: error }));
        });
      });
      client.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new DropUnavailableError(`SFTP connection failed: ${error.message}`, { cause: error }),
        );
      });
      client.once('close', () => {
        clearTimeout(timer);
        reject(new DropUnavailableError('SFTP connection closed'));
      });
      client.connect(config);
    });
  }
}

class Ssh2DropSession implements DropSession {
  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly timeoutMs: number,
    private readonly abort: () => void,
  ) {}

  async exists(path: string): Promise<boolean> {
    try {
      await this.call<unknown>('stat', (done) => this.sftp.stat(path, done));
      return true;
    } catch (error) {
      if (isNoSuchFile(error)) return false;
      throw error;
    }
  }

  async list(folder: string): Promise<string[]> {
    const entries = await this.call<{ filename: string }[]>('readdir', (done) =>
      this.sftp.readdir(folder, done),
    );
    return entries.map((entry) => entry.filename).sort();
  }

  async read(path: string): Promise<string> {
    const content = await this.call<Buffer>('read', (done) => this.sftp.readFile(path, done));
    return content.toString('latin1');
  }

  async uploadAtomically(folder: string, name: string, content: string) {
    const target = `${folder}/${name}`;
    if (await this.exists(target)) return this.alreadyThere(target, content);
    const part = `${target}.part`;
    await this.call<void>('write', (done) =>
      this.sftp.writeFile(part, Buffer.from(content, 'latin1'), done),
    );
    try {
      await this.call<void>('rename', (done) => this.sftp.rename(part, target, done));
    } catch (error) {
      // The rename may have happened with its answer lost; a file already there is checked.
      if (error instanceof DropUnavailableError && (await this.exists(target).catch(() => false))) {
        return this.alreadyThere(target, content);
      }
      throw error;
    }
    return 'written' as const;
  }

  async move(from: string, to: string): Promise<void> {
    if (await this.exists(to)) {
      await this.call<void>('remove', (done) => this.sftp.unlink(from, done));
      return;
    }
    await this.call<void>('rename', (done) => this.sftp.rename(from, to, done));
  }

  private async alreadyThere(target: string, content: string): Promise<'already-there'> {
    if ((await this.read(target)) !== content) {
      throw new DropUnavailableError(`a different file is already at ${target}`);
    }
    return 'already-there';
  }

  /** One SFTP request, failed (and its connection dropped) when it takes longer than allowed. */
  private call<T>(what: string, start: (done: (error: unknown, result: T) => void) => void) {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.abort();
        reject(new DropUnavailableError(`SFTP ${what} timed out`));
      }, this.timeoutMs);
      start((error, result) => {
        clearTimeout(timer);
        if (error === undefined || error === null) resolve(result);
        else
          reject(
            new DropUnavailableError(`SFTP ${what} failed: ${messageOf(error)}`, { cause: error }),
          );
      });
    });
  }
}

function isNoSuchFile(error: unknown): boolean {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 2;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
