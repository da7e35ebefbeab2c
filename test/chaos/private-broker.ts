import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Debian package's own scripts, run as the caller (not through the su wrapper in /usr/sbin). */
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

export interface PrivateBrokerOptions {
  /** Node name prefix: the node is `toevlucht-<name>@localhost`. */
  readonly name: string;
  readonly amqpPort: number;
  /** Erlang distribution port (rabbitmqctl talks to the node over it). */
  readonly distPort: number;
  /** Holds the node's database, logs, config and its own Erlang cookie; removed by destroy(). */
  readonly directory: string;
}

/**
 * A RabbitMQ node of its own for a suite that restarts the broker (`stop_app`/`start_app`):
 * the shared broker other suites and helpers use stays untouched. Same RabbitMQ version and
 * defaults as the shared one; guest may connect (loopback only). The node registers with the
 * machine's epmd under its own name, and its HOME (hence Erlang cookie) is its own directory,
 * so its rabbitmqctl cannot reach the shared node by mistake.
 */
export class PrivateBroker {
  readonly node: string;

  private constructor(private readonly options: PrivateBrokerOptions) {
    this.node = `toevlucht-${options.name}@localhost`;
  }

  /** Starts a fresh node (an old one of the same name is stopped and its data removed). */
  static async start(options: PrivateBrokerOptions): Promise<PrivateBroker> {
    const broker = new PrivateBroker(options);
    // A node left by an interrupted run: its directory (and cookie) is still there.
    if (existsSync(options.directory)) await broker.destroy();
    await mkdir(options.directory, { recursive: true });
    await writeFile(
      join(options.directory, 'rabbitmq.conf'),
      `listeners.tcp.1 = 127.0.0.1:${options.amqpPort}\n`,
    );
    await writeFile(join(options.directory, 'enabled_plugins'), '[].\n');
    await writeFile(join(options.directory, 'rabbitmq-env.conf'), '');
    await run(join(RABBITMQ_BIN, 'rabbitmq-server'), ['-detached'], { env: broker.env() });
    await broker.awaitStartup();
    return broker;
  }

  get amqpServerUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.options.amqpPort}`;
  }

  /** The command line that runs rabbitmqctl against this node, for tools that shell out. */
  get rabbitmqctlCommand(): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
    return { file: join(RABBITMQ_BIN, 'rabbitmqctl'), args: ['-n', this.node], env: this.env() };
  }

  async ctl(...args: string[]): Promise<string> {
    const { stdout } = await run(
      join(RABBITMQ_BIN, 'rabbitmqctl'),
      ['-n', this.node, '--quiet', ...args],
      { env: this.env(), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  }

  /** The broker application stops (connections drop, queues go offline); the node stays up. */
  async stopApp(): Promise<void> {
    await this.ctl('stop_app');
  }

  async startApp(): Promise<void> {
    await this.ctl('start_app');
    await this.awaitStartup();
  }

  /**
   * Until the broker application runs. `await_startup` alone gives up at once while the node is
   * not yet registered with epmd (a detached node on a busy machine takes seconds to get there).
   */
  private async awaitStartup(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.ctl('await_startup', '--timeout', '60');
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await sleep(1_000);
      }
    }
  }

  async addVhost(vhost: string): Promise<void> {
    await this.ctl('add_vhost', vhost);
    await this.ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  }

  /** Every queue of the vhost with its ready and unacknowledged counts. */
  async queues(vhost: string): Promise<QueueDepth[]> {
    const out = await this.ctl(
      'list_queues',
      '-p',
      vhost,
      '--no-table-headers',
      'name',
      'messages_ready',
      'messages_unacknowledged',
    );
    return parseQueueDepths(out);
  }

  /** Stops the node (killing it if it does not answer) and removes its directory. */
  async destroy(): Promise<void> {
    try {
      await this.ctl('stop');
    } catch {
      const pid = Number((await readFile(this.pidFile, 'utf8').catch(() => '')).trim());
      // Only our node: its command line names its own directory as home (a pid may be reused).
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (
        Number.isInteger(pid) &&
        pid > 0 &&
        command.split('\0').includes(this.options.directory)
      ) {
        process.kill(pid, 'SIGKILL');
      }
    }
    // The node's last writers (its log, the Erlang runtime's helpers) may still add a file while
    // the directory is being removed: ENOTEMPTY once failed CI's teardown. rm retries those.
    await rm(this.options.directory, {
      recursive: true,
      force: true,
      maxRetries: 10,
      retryDelay: 200,
    });
  }

  private get pidFile(): string {
    return join(this.options.directory, 'rabbitmq.pid');
  }

  private env(): NodeJS.ProcessEnv {
    const dir = this.options.directory;
    return {
      PATH: process.env['PATH'],
      HOME: dir,
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_DIST_PORT: String(this.options.distPort),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    };
  }
}

export interface QueueDepth {
  readonly name: string;
  readonly ready: number;
  readonly unacked: number;
}

/** `rabbitmqctl list_queues name messages_ready messages_unacknowledged` output, tab-separated. */
export function parseQueueDepths(output: string): QueueDepth[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', ready = '0', unacked = '0'] = line.split('\t');
      return { name, ready: Number(ready), unacked: Number(unacked) };
    });
}
