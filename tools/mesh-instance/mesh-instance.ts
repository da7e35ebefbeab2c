import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_POSTGRES_SERVER_URL, type ServiceDescriptor } from '@toevlucht/config';
import { findProjectRoot } from '@toevlucht/runtime';
import { DevTokenIssuer } from '@toevlucht/security';
import { ensureLocalRole } from '../postgres-role';
import { SERVICES, serviceNamed } from '../service-catalog';
import { type Child, startChild } from '../start-mesh/mesh';
import { probeReady } from '../start-mesh/readiness';
import { deleteVhost, dropDatabases, freshVhost, type Rabbitmqctl } from './infrastructure';
import {
  amqpUrlOf,
  databaseOf,
  issuerPort,
  planInstance,
  type PlannedProcess,
  processKey,
  servicePort,
  type SimulatorName,
  simulatorPorts,
  vhostOf,
} from './instance-plan';

export type { SimulatorName } from './instance-plan';

export interface MeshInstanceOptions {
  /** Vhost `toevlucht-<name>`, databases `<name>_<service database>`, both made fresh. */
  name: string;
  /** Service port = portBase + (defaultPort − 3000); simulators +20..23; token issuer +90. */
  portBase: number;
  /** e.g. { 'rijksregister-adapter': 2 }: replica k > 0 on the service's port + 100·k. */
  replicas?: Partial<Record<string, number>>;
  /** Extra environment for every service. */
  env?: NodeJS.ProcessEnv;
  serviceEnv?: Partial<Record<string, NodeJS.ProcessEnv>>;
  simulatorEnv?: Partial<Record<SimulatorName, NodeJS.ProcessEnv>>;
  /** Each process's output goes to <logDir>/<process>.log (default /tmp/toevlucht-<name>-logs). */
  logDir?: string;
  /** How long start() and restart() wait for readiness (default 120 s). */
  readyTimeoutMs?: number;
  /**
   * Another broker node than the machine's (e.g. a private one a suite may stop and start):
   * its AMQP server URL (no vhost) and how to run rabbitmqctl against it. Default: TEST_AMQP_URL
   * or the local broker, and the packaged rabbitmqctl.
   */
  broker?: { amqpServerUrl: string; rabbitmqctl: Rabbitmqctl };
}

export class MeshNotReadyError extends Error {}

const READY_POLL_MS = 300;
const STOP_GRACE_MS = 20_000;

interface Running {
  readonly plan: PlannedProcess;
  child: Child;
  /** Set when the process ended without being asked to (a crash), for isReady() and reports. */
  unexpectedExit?: number;
  stopping: boolean;
}

/**
 * An isolated copy of the whole mesh as real processes from dist/: the seven services (with
 * replicas if asked), the three partner simulators and a development token issuer, on their
 * own ports, RabbitMQ vhost and databases. For the end-to-end and fault-injection suites, flow
 * benchmarks and the demo. Personal data never reaches its own output; the processes' logs are
 * in logDir.
 */
export class MeshInstance {
  readonly amqpUrl: string;
  readonly vhost: string;
  readonly logDir: string;
  private readonly processes = new Map<string, Running>();
  private readonly logs = new Map<string, WriteStream>();

  private constructor(
    private readonly options: MeshInstanceOptions,
    private readonly issuer: DevTokenIssuer,
    private readonly plan: readonly PlannedProcess[],
    private readonly postgresServerUrl: string,
    amqpServerUrl: string,
  ) {
    this.vhost = vhostOf(options.name);
    this.amqpUrl = amqpUrlOf(amqpServerUrl, options.name);
    this.logDir = options.logDir ?? `/tmp/toevlucht-${options.name}-logs`;
  }

  /** Makes the vhost and databases fresh, starts everything, resolves when all are ready. */
  static async start(options: MeshInstanceOptions): Promise<MeshInstance> {
    for (const service of SERVICES) {
      const entry = serviceEntry(service.name);
      if (!existsSync(entry)) throw new Error(`not built: ${entry}; run npm run build`);
    }
    const postgresServerUrl = (process.env['POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL).replace(
      /\/+$/,
      '',
    );
    const amqpServerUrl =
      options.broker?.amqpServerUrl ??
      process.env['TEST_AMQP_URL'] ??
      'amqp://guest:guest@127.0.0.1:5672';
    if (process.env['POSTGRES_ADMIN_URL'] !== 'none')
      await ensureLocalRole({ ...process.env, POSTGRES_URL: postgresServerUrl });
    await freshVhost(vhostOf(options.name), 'guest', options.broker?.rabbitmqctl);
    await dropDatabases(postgresServerUrl, databasesOf(options.name));

    const issuer = await DevTokenIssuer.start({
      port: issuerPort(options.portBase),
      env: { NODE_ENV: 'test' },
    });
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    const plan = planInstance(
      SERVICES,
      {
        ...options,
        postgresServerUrl,
        amqpServerUrl,
        baseEnv: { ...env, NODE_ENV: env['NODE_ENV'] === 'production' ? 'test' : env['NODE_ENV'] },
      },
      issuer.env(),
    );
    const instance = new MeshInstance(options, issuer, plan, postgresServerUrl, amqpServerUrl);
    mkdirSync(instance.logDir, { recursive: true });
    // The processes run in their own process groups: if this process ends without stop(), they
    // would live on, holding ports and the broker. (A SIGKILL of this process still leaves them.)
    process.on('exit', instance.killOnExit);
    try {
      for (const planned of plan) instance.launch(planned);
      await instance.waitReady(plan);
    } catch (error) {
      await instance.destroy();
      throw error;
    }
    return instance;
  }

  get gatewayUrl(): string {
    return this.url('registration');
  }

  url(service: string, replica = 0): string {
    return `http://127.0.0.1:${servicePort(this.options.portBase, serviceNamed(service), replica)}`;
  }

  /** MAGDA and DAVINCI: their HTTP base; Orafin: `sftp://127.0.0.1:<port>`. */
  simulatorUrl(name: SimulatorName): string {
    const ports = simulatorPorts(this.options.portBase);
    if (name === 'orafin-sftp') return `sftp://127.0.0.1:${ports.orafinSftp}`;
    return `http://127.0.0.1:${ports[name]}`;
  }

  /** Where the simulator's fault controls (`/admin/…`) are. */
  simulatorAdminUrl(name: SimulatorName): string {
    const ports = simulatorPorts(this.options.portBase);
    return `http://127.0.0.1:${name === 'orafin-sftp' ? ports.orafinAdmin : ports[name]}`;
  }

  get issuerUrl(): string {
    return this.issuer.url;
  }

  /** A bearer token from the instance's issuer; `sub` tells users apart (four eyes). */
  token(role: string, claims: { nis?: string; sub?: string } = {}): Promise<string> {
    return this.issuer.mint({
      roles: [role],
      ...(claims.nis === undefined ? {} : { nis: claims.nis }),
      ...(claims.sub === undefined ? {} : { sub: claims.sub }),
    });
  }

  databaseUrl(service: string): string {
    const database = databaseOf(this.options.name, serviceNamed(service));
    if (database === null) throw new Error(`${service} has no database`);
    return `${this.postgresServerUrl}/${database}`;
  }

  logFile(key: string): string {
    return join(this.logDir, `${key.replace('#', '-')}.log`);
  }

  /** Signals one service replica (SIGTERM unless told otherwise) and waits until it has exited. */
  async kill(service: string, replica = 0, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.end(this.running(processKey(service, replica)), signal);
  }

  /** Starts a service replica again (after kill(), or after it died) and waits until it is ready. */
  async restart(service: string, replica = 0): Promise<void> {
    const running = this.running(processKey(service, replica));
    await this.end(running, 'SIGTERM');
    this.launch(running.plan);
    await this.waitReady([running.plan]);
  }

  async stopSimulator(name: SimulatorName): Promise<void> {
    await this.end(this.running(`sim-${name}`), 'SIGTERM');
  }

  async startSimulator(name: SimulatorName): Promise<void> {
    const running = this.running(`sim-${name}`);
    await this.end(running, 'SIGTERM');
    this.launch(running.plan);
    await this.waitReady([running.plan]);
  }

  /** Every process by key (`registration`, `registration#1`, `sim-magda`): ready now or not. */
  async isReady(): Promise<Record<string, boolean>> {
    const entries = await Promise.all(
      this.plan.map(async (planned) => [planned.key, await this.probe(planned)] as const),
    );
    return Object.fromEntries(entries);
  }

  /** Processes that ended without being asked to, with their exit codes. */
  crashes(): Record<string, number> {
    const crashed: Record<string, number> = {};
    for (const [key, running] of this.processes)
      if (running.unexpectedExit !== undefined) crashed[key] = running.unexpectedExit;
    return crashed;
  }

  /** SIGTERM to every process (SIGKILL after 20 s), waits for all; the issuer closes too. */
  async stop(): Promise<void> {
    process.off('exit', this.killOnExit);
    await Promise.all([...this.processes.values()].map((running) => this.end(running, 'SIGTERM')));
    await this.issuer.close();
    await Promise.all(
      [...this.logs.values()].map((log) => new Promise<void>((resolve) => log.end(resolve))),
    );
    this.logs.clear();
  }

  /** stop(), then the vhost and the databases are removed. Logs stay for diagnosis. */
  async destroy(): Promise<void> {
    await this.stop();
    await deleteVhost(this.vhost, this.options.broker?.rabbitmqctl);
    await dropDatabases(this.postgresServerUrl, databasesOf(this.options.name));
  }

  private readonly killOnExit = (): void => {
    for (const { child } of this.processes.values()) {
      if (child.process.exitCode === null && child.process.signalCode === null)
        child.process.kill('SIGKILL');
    }
  };

  private launch(plan: PlannedProcess): void {
    let log = this.logs.get(plan.key);
    if (log === undefined) {
      log = createWriteStream(this.logFile(plan.key), { flags: 'a' });
      this.logs.set(plan.key, log);
    }
    const sink = log;
    sink.write(`--- ${new Date().toISOString()} starting ${plan.key} on port ${plan.port}\n`);
    const child = startChild({ name: plan.key, entry: entryOf(plan), env: plan.env }, (line) =>
      sink.write(`${line}\n`),
    );
    const running: Running = { plan, child, stopping: false };
    this.processes.set(plan.key, running);
    void child.exited.then((code) => {
      sink.write(`--- ${new Date().toISOString()} ${plan.key} exited with ${code}\n`);
      if (!running.stopping) running.unexpectedExit = code;
    });
  }

  private running(key: string): Running {
    const running = this.processes.get(key);
    if (running === undefined)
      throw new Error(`no process ${key} in mesh instance ${this.options.name}`);
    return running;
  }

  private async end(running: Running, signal: NodeJS.Signals): Promise<void> {
    const child = running.child.process;
    running.stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await running.child.exited;
      clearTimeout(timer);
    }
    await running.child.exited;
  }

  private async waitReady(plans: readonly PlannedProcess[]): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 120_000);
    const pending = new Set(plans);
    const details = new Map<string, string>();
    while (pending.size > 0) {
      for (const plan of [...pending]) {
        const running = this.processes.get(plan.key);
        if (running?.unexpectedExit !== undefined)
          throw new MeshNotReadyError(
            `${plan.key} exited with ${running.unexpectedExit} while starting; see ${this.logFile(plan.key)}`,
          );
      }
      const probes = await Promise.all(
        [...pending].map(async (plan) => [plan, await this.probeWithDetail(plan)] as const),
      );
      for (const [plan, probe] of probes) {
        if (probe.ready) pending.delete(plan);
        else details.set(plan.key, probe.detail);
      }
      if (pending.size === 0) return;
      if (Date.now() >= deadline) {
        const lines = [...pending].map(
          (plan) => `${plan.key}: ${details.get(plan.key) ?? '?'} (log ${this.logFile(plan.key)})`,
        );
        throw new MeshNotReadyError(`mesh instance not ready:\n${lines.join('\n')}`);
      }
      await sleep(READY_POLL_MS);
    }
  }

  private async probe(plan: PlannedProcess): Promise<boolean> {
    return (await this.probeWithDetail(plan)).ready;
  }

  private async probeWithDetail(plan: PlannedProcess): Promise<{ ready: boolean; detail: string }> {
    if (plan.kind === 'service') return probeReady(`http://127.0.0.1:${plan.port}`);
    const open = await portOpen(plan.port);
    return { ready: open, detail: open ? 'listening' : 'port closed' };
  }
}

function databasesOf(name: string): string[] {
  return SERVICES.map((service: ServiceDescriptor) => databaseOf(name, service)).filter(
    (database): database is string => database !== null,
  );
}

/** Compiled entry points in dist/, found from the project root so that tests run from sources too. */
function serviceEntry(name: string): string {
  return join(findProjectRoot(), 'dist', 'services', name, 'src', 'main.js');
}

function entryOf(plan: PlannedProcess): string {
  if (plan.kind === 'service') return serviceEntry(plan.name);
  return join(findProjectRoot(), 'dist', 'simulators', plan.name, 'src', 'main.js');
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
