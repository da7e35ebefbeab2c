import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import type { ChannelModel } from 'amqplib';
import {
  machineCpu,
  pidsNamed,
  pidsWithEnv,
  postgresCommits,
  type ProcessUsage,
  processUsage,
  procUsage,
  queueDepths,
  waitForQuietQueues,
  sampleSum,
  scrapeMetrics,
} from './probes';
import { round2 } from './report';

/**
 * Watches a running mesh while a load runs: CPU (cores used) and resident memory per process,
 * PostgreSQL commits per second per database, the deepest each queue got, the partner's mean
 * latency as each adapter measured it, and the whole machine's busy cores (everybody's).
 */
export interface Watched {
  /** Services by name → their base URL (for /metrics). */
  readonly services: Record<string, string>;
  /** Other processes by name → how to find their pids (simulators, broker, database server). */
  readonly processes: Record<string, () => Promise<number[]>>;
  readonly postgresServerUrl: string;
  readonly databases: readonly string[];
  readonly broker: ChannelModel;
  readonly queues: readonly string[];
}

export interface UsageWindow {
  readonly seconds: number;
  readonly machineBusyCores: number;
  readonly cpuCores: Record<string, number>;
  readonly peakRssMiB: Record<string, number>;
  readonly commitsPerSecond: Record<string, number>;
  readonly maxQueueDepth: Record<string, number>;
  readonly partnerMeanMs: Record<string, number>;
}

interface Snapshot {
  readonly at: number;
  readonly machine: { busySeconds: number; totalSeconds: number };
  readonly usage: Record<string, ProcessUsage>;
  readonly commits: Record<string, number>;
  readonly partner: Record<string, { sum: number; count: number }>;
}

const SAMPLE_MS = 1_000;

export class UsageSampler {
  private peakRss: Record<string, number> = {};
  private maxDepth: Record<string, number> = {};
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private first: Snapshot | undefined;

  constructor(private readonly watched: Watched) {}

  /** Memory of each process now (MiB): the figure "at rest" before any load. */
  async memoryNow(): Promise<Record<string, number>> {
    const snapshot = await this.snapshot();
    return Object.fromEntries(
      Object.entries(snapshot.usage).map(([name, usage]) => [name, mib(usage.rssBytes)]),
    );
  }

  /** True when no work queue holds ready messages (retry tiers and parking lots aside). */
  /** Waits up to a minute for the work queues to empty; false when they did not. */
  quiesce(): Promise<boolean> {
    return waitForQuietQueues(this.watched.broker, this.watched.queues);
  }

  async start(): Promise<void> {
    this.peakRss = {};
    this.maxDepth = {};
    this.first = await this.snapshot();
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
        await this.sample().catch(() => undefined);
      }
    })();
  }

  async stop(): Promise<UsageWindow> {
    this.running = false;
    await this.loop;
    const last = await this.snapshot();
    const first = this.first!;
    const seconds = (last.at - first.at) / 1000;
    const cpuCores: Record<string, number> = {};
    for (const [name, usage] of Object.entries(last.usage)) {
      const before = first.usage[name];
      if (before !== undefined)
        cpuCores[name] = round2((usage.cpuSeconds - before.cpuSeconds) / seconds);
      this.peakRss[name] = Math.max(this.peakRss[name] ?? 0, mib(usage.rssBytes));
    }
    const commitsPerSecond: Record<string, number> = {};
    for (const [database, commits] of Object.entries(last.commits))
      commitsPerSecond[database] = Math.round(
        (commits - (first.commits[database] ?? commits)) / seconds,
      );
    const partnerMeanMs: Record<string, number> = {};
    for (const [adapter, { sum, count }] of Object.entries(last.partner)) {
      const before = first.partner[adapter] ?? { sum: 0, count: 0 };
      if (count > before.count)
        partnerMeanMs[adapter] = Math.round(((sum - before.sum) / (count - before.count)) * 1000);
    }
    return {
      seconds: round2(seconds),
      machineBusyCores: round2(
        ((last.machine.busySeconds - first.machine.busySeconds) /
          (last.machine.totalSeconds - first.machine.totalSeconds)) *
          cpus().length,
      ),
      cpuCores,
      peakRssMiB: { ...this.peakRss },
      commitsPerSecond,
      maxQueueDepth: { ...this.maxDepth },
      partnerMeanMs,
    };
  }

  private async sample(): Promise<void> {
    const [usage, depths] = await Promise.all([
      this.usage(),
      queueDepths(this.watched.broker, this.watched.queues),
    ]);
    for (const [name, value] of Object.entries(usage))
      this.peakRss[name] = Math.max(this.peakRss[name] ?? 0, mib(value.rssBytes));
    for (const [queue, depth] of Object.entries(depths))
      this.maxDepth[queue] = Math.max(this.maxDepth[queue] ?? 0, depth);
  }

  private async snapshot(): Promise<Snapshot> {
    const [machine, usage, commits, partner] = await Promise.all([
      machineCpu(),
      this.usage(),
      postgresCommits(this.watched.postgresServerUrl, this.watched.databases),
      this.partner(),
    ]);
    return { at: performance.now(), machine, usage, commits, partner };
  }

  private async usage(): Promise<Record<string, ProcessUsage>> {
    const usage: Record<string, ProcessUsage> = {};
    await Promise.all([
      ...Object.entries(this.watched.services).map(async ([name, url]) => {
        try {
          usage[name] = processUsage(await scrapeMetrics(url));
        } catch {
          // not answering (stopped, or too busy to answer within 5 s): left out of this sample
        }
      }),
      ...Object.entries(this.watched.processes).map(async ([name, find]) => {
        let cpuSeconds = 0;
        let rssBytes = 0;
        for (const pid of await find()) {
          try {
            const one = await procUsage(pid);
            cpuSeconds += one.cpuSeconds;
            rssBytes += one.rssBytes;
          } catch {
            // exited
          }
        }
        usage[name] = { cpuSeconds, rssBytes };
      }),
    ]);
    return usage;
  }

  private async partner(): Promise<Record<string, { sum: number; count: number }>> {
    const partner: Record<string, { sum: number; count: number }> = {};
    await Promise.all(
      Object.entries(this.watched.services)
        .filter(([name]) => name.endsWith('-adapter'))
        .map(async ([name, url]) => {
          try {
            const samples = await scrapeMetrics(url);
            partner[name] = {
              sum: sampleSum(samples, 'toevlucht_breaker_call_duration_seconds_sum'),
              count: sampleSum(samples, 'toevlucht_breaker_call_duration_seconds_count'),
            };
          } catch {
            // not answering
          }
        }),
    );
    return partner;
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

/** Every process the sampler can find for a mesh: simulators by their port variable. */
export function simulatorFinders(ports: {
  magda: number;
  davinci: number;
  orafinAdmin: number;
}): Record<string, () => Promise<number[]>> {
  return {
    'sim-magda': () => pidsWithEnv('MAGDA_SIMULATOR_PORT', String(ports.magda)),
    'sim-davinci': () => pidsWithEnv('DAVINCI_SIM_PORT', String(ports.davinci)),
    'sim-orafin-sftp': () => pidsWithEnv('ORAFIN_SIM_ADMIN_PORT', String(ports.orafinAdmin)),
    'rabbitmq (shared)': () => pidsNamed('beam.smp'),
    'postgresql (shared)': () => pidsNamed('postgres'),
  };
}

/** The queues of a vhost (one rabbitmqctl call, ~5 s: done once, not per sample). */
export async function vhostQueues(vhost: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('rabbitmqctl', [
    '-q',
    'list_queues',
    '-p',
    vhost,
    'name',
    '--no-table-headers',
  ]);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('amq.gen-'));
}
