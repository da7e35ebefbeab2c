import type { UsageWindow } from './usage-sampler';

/**
 * Where the first bottleneck is, read from what the sampler saw at each load step: the step
 * where throughput stops growing with the load (below 80 % of linear from 1×), and which
 * limits were hit there. Plain rules over numbers, so the verdict can be checked by hand.
 */
export interface LoadStep {
  readonly load: number;
  /** What was achieved (requests/s, households/s). */
  readonly achieved: number;
  readonly window: UsageWindow;
}

export interface Verdict {
  /** The first load multiple whose throughput is below 80 % of 1× times the multiple, if any. */
  readonly kneeAt: number | null;
  /** Per step, achieved / (achieved at 1× × load). */
  readonly efficiency: Record<string, number>;
  /** The limits seen at the knee (or at the highest load when there is none), worst first. */
  readonly limits: string[];
}

const SHARED = /\(shared\)$/;

export interface Limits {
  readonly cores: number;
  readonly postgresCommitsPerSecond: number;
  /** The latency the partner simulators were configured with. */
  readonly partnerLatencyMs: number;
}

export function findBottleneck(steps: readonly LoadStep[], limits: Limits): Verdict {
  const base = steps[0]?.achieved ?? 0;
  const efficiency: Record<string, number> = {};
  let knee: LoadStep | undefined;
  for (const step of steps) {
    const value = base > 0 ? step.achieved / (base * step.load) : 0;
    efficiency[`${step.load}x`] = Math.round(value * 100) / 100;
    if (knee === undefined && value < 0.8) knee = step;
  }
  const at = knee ?? steps[steps.length - 1];
  return {
    kneeAt: knee?.load ?? null,
    efficiency,
    limits: at === undefined ? [] : limitsSeen(at.window, limits),
  };
}

export function limitsSeen(window: UsageWindow, limits: Limits): string[] {
  const seen: string[] = [];
  const processes = Object.entries(window.cpuCores)
    .filter(([name]) => !SHARED.test(name))
    .sort(([, a], [, b]) => b - a);
  const [busiest, cores] = processes[0] ?? ['none', 0];
  if (window.machineBusyCores >= 0.9 * limits.cores)
    seen.push(
      `CPU: the machine is saturated (${window.machineBusyCores} of ${limits.cores} cores busy, all users; busiest of ours ${busiest} ${cores})`,
    );
  if (cores >= 0.85)
    seen.push(`CPU: ${busiest} uses ${cores} cores (one Node thread does its JavaScript)`);
  const commits = Object.values(window.commitsPerSecond).reduce((sum, value) => sum + value, 0);
  if (commits >= 0.8 * limits.postgresCommitsPerSecond)
    seen.push(
      `PostgreSQL commits: ${commits}/s across the mesh's databases, ≥ 0.8× the raw baseline's ${limits.postgresCommitsPerSecond}/s`,
    );
  const backedUp = Object.entries(window.maxQueueDepth)
    .filter(([queue, depth]) => depth >= 100 && !queue.includes('.retry.'))
    .sort(([, a], [, b]) => b - a);
  for (const [queue, depth] of backedUp.slice(0, 3))
    seen.push(`broker: queue ${queue} backed up to ${depth} (its consumers are behind)`);
  for (const [adapter, ms] of Object.entries(window.partnerMeanMs))
    if (ms >= limits.partnerLatencyMs + 100)
      seen.push(
        `partner calls: ${adapter}'s took ${ms} ms on average against the simulator's configured ${limits.partnerLatencyMs} ms (the excess is waiting for CPU in the adapter or the simulator, or the adapter's concurrency cap)`,
      );
  if (seen.length === 0)
    seen.push(
      `none of the watched limits (busiest process ${busiest} at ${cores} cores, machine ${window.machineBusyCores} cores, ${commits} commits/s): waiting on locks or round trips`,
    );
  return seen;
}
