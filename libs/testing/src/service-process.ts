import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for';

export interface ServiceProcessOptions {
  /** Path of the compiled entry point relative to the project root, e.g. dist/services/x/src/main.js. */
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly root: string;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A service running as a real child process, as in production: its stdout and stderr kept
 * line by line, its exit observed. Tests start the compiled code (`npm run build` runs before
 * the integration suite), so what is tested is what ships.
 */
export class ServiceProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;

  constructor(options: ServiceProcessOptions) {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...options.env };
    // Jest runs with --experimental-vm-modules; the service must not inherit it.
    delete env['NODE_OPTIONS'];
    this.child = spawn(process.execPath, [join(options.root, options.entry)], {
      cwd: options.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.stdout.push(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('process did not start');
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Log lines parsed as JSON (the service's pino output); other lines are skipped. */
  logs(): Record<string, unknown>[] {
    return this.stdout.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  waitForLog(
    description: string,
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs = 20_000,
  ) {
    return waitFor(description, () => Promise.resolve(this.logs().find(match)), timeoutMs);
  }

  waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitFor(
      `output matching ${pattern}`,
      () => Promise.resolve(this.stdout.find((line) => pattern.test(line))),
      timeoutMs,
    );
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process (SIGTERM, then SIGKILL after 10 s) and waits for it. */
  async stop(): Promise<ExitStatus> {
    if (!this.isRunning) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** All output, for assertion messages when something went wrong. */
  output(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }
}
