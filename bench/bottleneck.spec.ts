import { findBottleneck, type Limits, limitsSeen } from './bottleneck';
import type { UsageWindow } from './usage-sampler';

const limits: Limits = { cores: 2, postgresCommitsPerSecond: 1_000, partnerLatencyMs: 0 };

function window(overrides: Partial<UsageWindow> = {}): UsageWindow {
  return {
    seconds: 10,
    machineBusyCores: 0.5,
    cpuCores: { registration: 0.3, housing: 0.1, 'postgresql (shared)': 0.2 },
    peakRssMiB: {},
    commitsPerSecond: { reg: 100, housing: 50 },
    maxQueueDepth: {},
    partnerMeanMs: {},
    ...overrides,
  };
}

describe('findBottleneck', () => {
  it('finds the first load whose throughput falls below 80 % of linear', () => {
    const verdict = findBottleneck(
      [
        { load: 1, achieved: 10, window: window() },
        { load: 2, achieved: 19, window: window() },
        { load: 4, achieved: 30, window: window({ machineBusyCores: 1.9 }) },
        { load: 8, achieved: 31, window: window() },
      ],
      limits,
    );
    expect(verdict.kneeAt).toBe(4);
    expect(verdict.efficiency).toEqual({ '1x': 1, '2x': 0.95, '4x': 0.75, '8x': 0.39 });
    expect(verdict.limits[0]).toMatch(/^CPU: the machine is saturated \(1.9 of 2 cores/);
  });

  it('has no knee when throughput keeps up, and reads the highest load', () => {
    const verdict = findBottleneck(
      [
        { load: 1, achieved: 10, window: window() },
        { load: 8, achieved: 79, window: window({ cpuCores: { registration: 0.95 } }) },
      ],
      limits,
    );
    expect(verdict.kneeAt).toBeNull();
    expect(verdict.limits).toEqual([
      'CPU: registration uses 0.95 cores (one Node thread does its JavaScript)',
    ]);
  });
});

describe('limitsSeen', () => {
  it('names commits near the raw baseline, backed-up work queues and slow partner calls', () => {
    const seen = limitsSeen(
      window({
        commitsPerSecond: { a: 500, b: 350 },
        maxQueueDepth: { registration: 250, 'registration.retry.1': 900, housing: 10 },
        partnerMeanMs: { 'rijksregister-adapter': 180, 'davinci-adapter': 20 },
      }),
      limits,
    );
    expect(seen).toEqual([
      expect.stringMatching(/^PostgreSQL commits: 850\/s/),
      'broker: queue registration backed up to 250 (its consumers are behind)',
      expect.stringMatching(/^partner calls: rijksregister-adapter's took 180 ms/),
    ]);
  });

  it('says so when none of the watched limits is reached, ignoring shared processes', () => {
    const seen = limitsSeen(
      window({ cpuCores: { 'rabbitmq (shared)': 1.5, housing: 0.2 } }),
      limits,
    );
    expect(seen).toEqual([
      expect.stringMatching(/^none of the watched limits \(busiest process housing at 0.2/),
    ]);
  });
});
