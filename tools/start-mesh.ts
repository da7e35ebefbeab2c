import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOCAL_POSTGRES_SERVER_URL, type ServiceDescriptor } from '@toevlucht/config';
import { ensureLocalRole } from './postgres-role';
import { SERVICES, serviceNamed } from './service-catalog';
import { formatLogLine } from './start-mesh/format-log-line';

/**
 * `npm start`: runs the whole mesh (or `--only a,b`) from dist/, one child process per service,
 * with prefixed readable logs; prints where everything is once all are ready. Ctrl-C stops all
 * gracefully (a second Ctrl-C kills them). A service that dies on its own stops the others.
 */
const READY_TIMEOUT_MS = 60_000;
const COLOURS = [36, 32, 33, 35, 34, 96, 92];

interface Running {
  readonly service: ServiceDescriptor;
  readonly child: ChildProcess;
  readonly exited: Promise<number>;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function selectServices(argv: string[]): readonly ServiceDescriptor[] {
  const index = argv.indexOf('--only');
  if (index < 0) return SERVICES;
  const names = argv[index + 1];
  if (names === undefined || names === '')
    throw new Error('--only needs a comma-separated list of services');
  return names.split(',').map((name) => serviceNamed(name.trim()));
}

function childEnvironment(service: ServiceDescriptor): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['PORT'];
  delete env['DATABASE_URL'];
  delete env['NODE_OPTIONS'];
  if (service.database !== null) {
    const server = (process.env['POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL).replace(/\/$/, '');
    env['DATABASE_URL'] = `${server}/${service.database}`;
  }
  return env;
}

function prefixer(
  service: ServiceDescriptor,
  index: number,
  width: number,
): (line: string) => string {
  const label = `[${service.name.padEnd(width)}]`;
  const coloured = process.stdout.isTTY
    ? `\u001b[${COLOURS[index % COLOURS.length]}m${label}\u001b[0m`
    : label;
  return (line) => `${coloured} ${formatLogLine(line)}`;
}

function start(service: ServiceDescriptor, index: number, width: number): Running {
  const entry = join(__dirname, '..', 'services', service.name, 'src', 'main.js');
  const child = spawn(process.execPath, [entry], {
    env: childEnvironment(service),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = prefixer(service, index, width);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream }).on('line', (line) => out(prefix(line)));
  }
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))),
  );
  return { service, child, exited };
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitUntilReady(running: readonly Running[], startedAt: number): Promise<void> {
  const pending = new Set(running.map((entry) => entry.service));
  while (pending.size > 0 && Date.now() - startedAt < READY_TIMEOUT_MS) {
    for (const service of [...pending])
      if (await isReady(service.defaultPort)) pending.delete(service);
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (pending.size > 0) {
    out(
      `\nNot ready after ${READY_TIMEOUT_MS / 1000} s: ${[...pending].map((s) => s.name).join(', ')} (see their logs above)`,
    );
    return;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  out(`\nToevlucht is up: ${running.length} services ready in ${seconds} s\n`);
  for (const { service } of running) {
    const base = `http://127.0.0.1:${service.defaultPort}`;
    out(`  ${service.name.padEnd(24)} ${base}/health/ready   ${base}/metrics`);
  }
  out(`\nThe gateway is registration on http://127.0.0.1:3000. Ctrl-C stops everything.\n`);
}

async function main(): Promise<void> {
  const services = selectServices(process.argv.slice(2));
  for (const variable of ['PORT', 'DATABASE_URL']) {
    if (process.env[variable] !== undefined) {
      out(
        `warning: ${variable} is ignored by npm start (one value would make every service collide); use POSTGRES_URL for the server`,
      );
    }
  }
  if (process.env['POSTGRES_ADMIN_URL'] !== 'none') {
    try {
      await ensureLocalRole();
    } catch (error) {
      out(`PostgreSQL is not answering (${(error as Error).message}).`);
      out(
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      );
      process.exit(1);
    }
  }
  const width = Math.max(...services.map((service) => service.name.length));
  const startedAt = Date.now();
  const running = services.map((service, index) => start(service, index, width));

  let stopping = false;
  const stopAll = async (exitCode: number | undefined) => {
    stopping = true;
    for (const { child } of running) if (child.exitCode === null) child.kill('SIGTERM');
    const codes = await Promise.all(running.map((entry) => entry.exited));
    process.exit(exitCode ?? (codes.every((code) => code === 0) ? 0 : 1));
  };
  let interrupts = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts === 1) {
        out('\nStopping all services (Ctrl-C again to kill them)…');
        void stopAll(undefined);
      } else {
        for (const { child } of running) child.kill('SIGKILL');
      }
    });
  }
  for (const entry of running) {
    void entry.exited.then((code) => {
      if (stopping) return;
      out(`\n${entry.service.name} exited on its own with code ${code}; stopping the others.`);
      void stopAll(1);
    });
  }
  await waitUntilReady(running, startedAt);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
  process.exit(1);
});
