import { readdir, readFile } from 'node:fs/promises';
import type { ChannelModel } from 'amqplib';
import { Client } from 'pg';

/**
 * What a benchmark reads from the running mesh to say where the time goes: each process's
 * CPU and memory (its /metrics, which prom-client fills from /proc), PostgreSQL's commits per
 * database, queue depths in the broker, and the partner's latency as the adapters see it.
 */

/** A Prometheus text exposition as `name{labels}` → value (the labels as written). */
export type Samples = Map<string, number>;

export async function scrapeMetrics(baseUrl: string): Promise<Samples> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const samples: Samples = new Map();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) samples.set(line.slice(0, space), value);
  }
  return samples;
}

/** The sum of every sample of `name` whose labels contain all of `labels` (`key="value"`). */
export function sampleSum(samples: Samples, name: string, ...labels: string[]): number {
  let sum = 0;
  for (const [key, value] of samples) {
    const bare = key.split('{')[0];
    if (bare === name && labels.every((label) => key.includes(label))) sum += value;
  }
  return sum;
}

export interface ProcessUsage {
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

/** CPU seconds used so far and resident memory, from a service's default metrics. */
export function processUsage(samples: Samples): ProcessUsage {
  return {
    cpuSeconds: sampleSum(samples, 'process_cpu_seconds_total'),
    rssBytes: sampleSum(samples, 'process_resident_memory_bytes'),
  };
}

/** The same for a process without /metrics (a simulator): /proc/<pid>/stat and /status. */
export async function procUsage(pid: number): Promise<ProcessUsage> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssBytes: rssKiB * 1024 };
}

/** Committed transactions so far per database (pg_stat_database.xact_commit). */
export async function postgresCommits(
  serverUrl: string,
  databases: readonly string[],
): Promise<Record<string, number>> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; xact_commit: string }>(
      'SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY($1)',
      [databases],
    );
    return Object.fromEntries(rows.map((row) => [row.datname, Number(row.xact_commit)]));
  } finally {
    await client.end();
  }
}

/**
 * Ready messages per queue, through passive declares; a queue that does not exist is left out
 * (a failed check closes its channel, so each check has a channel of its own).
 */
export async function queueDepths(
  connection: ChannelModel,
  queues: readonly string[],
): Promise<Record<string, number>> {
  const depths: Record<string, number> = {};
  for (const queue of queues) {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      depths[queue] = (await channel.checkQueue(queue)).messageCount;
      await channel.close();
    } catch {
      // absent
    }
  }
  return depths;
}

/**
 * Waits (at most `timeoutMs`) until no work queue holds a ready message, so a measurement does
 * not pay for the work left by the one before. Retry tiers and parking lots do not count.
 */
export async function waitForQuietQueues(
  connection: ChannelModel,
  queues: readonly string[],
  timeoutMs = 60_000,
): Promise<boolean> {
  const work = queues.filter(
    (queue) => !queue.includes('.retry.') && !queue.endsWith('.parking-lot'),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const depths = await queueDepths(connection, work);
    if (Object.values(depths).every((depth) => depth === 0)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Pids of processes whose environment holds `NAME=value` (a simulator, by its port variable). */
export async function pidsWithEnv(name: string, value: string): Promise<number[]> {
  const wanted = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      if (environ.split('\0').includes(wanted)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** Pids of processes by command name (`beam.smp`, `postgres`). */
export async function pidsNamed(command: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() === command)
        pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** The whole machine's busy and total CPU seconds so far (/proc/stat), all users together. */
export async function machineCpu(): Promise<{ busySeconds: number; totalSeconds: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busySeconds: (total - idle) / 100, totalSeconds: total / 100 };
}
