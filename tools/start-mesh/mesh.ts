import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceDescriptor } from '@toevlucht/config';
import { formatLogLine } from './format-log-line';
import { childEnvironment } from './launch-plan';
import { describeError, exitDescription } from './report';
import { complain, paint, say } from './terminal';

// Distinct, readable on dark and light backgrounds; one per service in catalogue order.
const COLOURS = [36, 32, 33, 35, 34, 96, 92, 95];

/** One process the launcher runs: a service, or a partner simulator. */
export interface Launchable {
  readonly name: string;
  /** Compiled entry point. */
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A service as a launchable: its dist/ entry point and its own environment. */
export function serviceLaunchable(service: ServiceDescriptor): Launchable {
  return {
    name: service.name,
    entry: entryPoint(service),
    env: childEnvironment(service, process.env),
  };
}

/** A started process: its handle and its exit, once its output is drained. */
export interface Child {
  readonly service: Launchable;
  readonly process: ChildProcess;
  /** The exit code (128 + signal number when killed), once the child's output is drained. */
  readonly exited: Promise<number>;
}

/** The compiled entry point of a service, next to this file's own place in dist/. */
export function entryPoint(service: ServiceDescriptor): string {
  return join(__dirname, '..', '..', 'services', service.name, 'src', 'main.js');
}

/** The running services: started together, stopped together. */
export class Mesh {
  private stopping = false;
  private readonly children: readonly Child[];

  constructor(services: readonly Launchable[]) {
    const width = Math.max(...services.map((service) => service.name.length));
    this.children = services.map((service, index) => {
      const prefix = paint(COLOURS[index % COLOURS.length] ?? 0, `[${service.name.padEnd(width)}]`);
      return startChild(service, (line) => say(`${prefix} ${formatLogLine(line)}`));
    });
    for (const child of this.children) void child.exited.then((code) => this.onExit(child, code));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Asks every service once to shut down gracefully, waits for all, and ends the launcher. */
  async stop(exitCode?: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.signalAll('SIGTERM');
    const results = await Promise.all(
      this.children.map(async (child) => ({ name: child.service.name, code: await child.exited })),
    );
    const unclean = results.filter((result) => result.code !== 0);
    for (const { name, code } of unclean) complain(`${name} stopped with ${exitDescription(code)}`);
    if (unclean.length === 0) say('All services stopped cleanly.');
    process.exit(exitCode ?? (unclean.length === 0 ? 0 : 1));
  }

  signalAll(signal: NodeJS.Signals): void {
    for (const { process: child } of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
  }

  /** A service that ends while the mesh should be running leaves it half broken: stop it all. */
  private onExit(child: Child, code: number): void {
    if (this.stopping) return;
    complain('');
    complain(`!!! ${child.service.name} exited on its own (${exitDescription(code)}).`);
    complain('!!! Stopping the other services; see its last log lines above.');
    complain('');
    void this.stop(1);
  }
}

/**
 * Starts one process from its compiled entry point in its own process group; every line it
 * writes (stdout and stderr) goes to `onLine`. Shared by `npm start` and tools/mesh-instance.
 */
export function startChild(service: Launchable, onLine: (line: string) => void): Child {
  const child = spawn(process.execPath, [service.entry], {
    env: service.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a terminal Ctrl-C reaches the launcher alone: the services get
    // one SIGTERM from it rather than the same SIGINT twice (from the terminal and from us).
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }
  const exited = new Promise<number>((resolve) => {
    // 'close' rather than 'exit': at exit the last lines ("shutdown complete") may still be in the pipes.
    child.once('close', (code, signal) => resolve(exitCode(code, signal)));
    // 'on', not 'once': a failed kill() is reported as a later 'error' and must not crash us.
    child.on('error', (error) => {
      complain(`${service.name} could not be started: ${describeError(error)}`);
      resolve(1);
    });
  });
  return { service, process: child, exited };
}

function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : constants.signals[signal]);
}
