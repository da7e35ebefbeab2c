/** What the admin endpoint can make an operation do, instead of or before answering. */
export type FaultMode =
  | 'http-500'
  | 'http-503'
  | 'soap-server-fault'
  | 'soap-client-fault'
  | 'magda-60006'
  | 'magda-99995'
  | 'magda-99996'
  | 'malformed-xml'
  | 'empty-body'
  | 'hang'
  | 'reset';

export interface OperationFaults {
  /** Added before every answer. */
  latencyMs: number;
  /** Share of calls (0..1) that get `mode` instead of their answer. */
  errorRate: number;
  mode: FaultMode;
  /** Every call fails with connection resets (a full outage), regardless of errorRate. */
  outage: boolean;
}

export const NO_FAULTS: OperationFaults = {
  latencyMs: 0,
  errorRate: 0,
  mode: 'http-503',
  outage: false,
};

/** A deterministic pseudo-random sequence (mulberry32), so a seeded run repeats itself. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
