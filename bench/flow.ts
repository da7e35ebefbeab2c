import { connect } from 'amqplib';
import { MeshInstance } from '../tools/mesh-instance/mesh-instance';
import { backlogDrain, type DrainFigures } from './backlog-drain';
import { type Baselines, baselineSummary, measureBaselines } from './baselines';
import { type FlowFigures, measureFlow, setPartnerLatency } from './flow-cases';
import { HouseholdFlow } from './household-flow';
import { waitForQuietQueues } from './probes';
import { machine, printReport, progress, ratio, runBenchmark } from './report';
import { vhostQueues } from './usage-sampler';

/**
 * `npm run bench:flow`: households per second from POST to verified and placed through a whole
 * mesh of real processes (MeshInstance `bench-flow`), with the partner simulators at 0 and
 * 200 ms and one and two replicas of each adapter; then the time to drain a backlog of 10,000
 * lookups after a partner outage against the adapter's steady rate. Baselines first.
 */
const PORT_BASE = Number(process.env['BENCH_PORT_BASE'] ?? 23_000);
const CASE_S = Number(process.env['BENCH_FLOW_CASE_S'] ?? 20);
const WARM_UP_S = Number(process.env['BENCH_FLOW_WARM_UP_S'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_FLOW_CONCURRENCY'] ?? 40);
const CAPACITY = Number(process.env['BENCH_FLOW_CAPACITY'] ?? 6_000); // households
const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 10_000);
const LATENCY_LOOKUPS = Number(process.env['BENCH_LATENCY_LOOKUPS'] ?? 400);
const STEADY_LOOKUPS = Number(process.env['BENCH_STEADY_LOOKUPS'] ?? 3_000);
export const ADAPTERS = [
  'rijksregister-adapter',
  'magda-onderwijs-adapter',
  'davinci-adapter',
  'orafin-adapter',
] as const;

interface FlowCase extends FlowFigures {
  readonly latencyMs: number;
  readonly replicas: number;
}

async function main(): Promise<void> {
  const atStart = machine();
  const baselines: Baselines = await measureBaselines();
  const cases = process.env['BENCH_FLOW_SKIP_MESH'] === '1' ? [] : await flowCases();
  const drain: DrainFigures = await backlogDrain({
    portBase: PORT_BASE + 500,
    backlog: BACKLOG,
    steadyLookups: STEADY_LOOKUPS,
    latencyLookups: LATENCY_LOOKUPS,
  });
  const rate = (latencyMs: number, replicas: number) =>
    cases.find((c) => c.latencyMs === latencyMs && c.replicas === replicas)?.householdsPerSecond;
  const ratios = {
    'two replicas / one, partner at 200 ms (target ≥ 1.7)': ratio(rate(200, 2), rate(200, 1)),
    'two replicas / one, partner at 0 ms': ratio(rate(0, 2), rate(0, 1)),
    'two adapter processes / one, lookups with the partner at 200 ms (target ≥ 1.7)':
      drain.replicasAtPartnerLatency.ratio,
    'backlog drain / steady rate (target ≥ 0.8)': drain.ratioToSteady,
  };
  printReport('flow', { machine: atStart, baselines, cases, drain, ratios }, [
    ...baselineSummary(baselines),
    ...cases.map(
      (c) =>
        `flow partner ${String(c.latencyMs).padStart(3)} ms, ${c.replicas} replica(s): ${c.householdsPerSecond} households/s verified and placed (${c.households} in ${c.seconds} s, ${c.concurrency} in flight, ${c.failed} failed); median ms to answered/verified/placed ${c.medianMs.registeredMs}/${c.medianMs.verifiedMs}/${c.medianMs.placedMs}, p99 placed ${c.p99PlacedMs}`,
    ),
    `lookups with the partner at ${drain.replicasAtPartnerLatency.latencyMs} ms: one adapter process ${drain.replicasAtPartnerLatency.oneReplicaPerSecond}/s, two ${drain.replicasAtPartnerLatency.twoReplicasPerSecond}/s (${drain.replicasAtPartnerLatency.ratio}×)`,
    `backlog of ${drain.backlog} lookups after a partner outage: drained in ${drain.drainSeconds} s (${drain.drainPerSecond}/s), steady ${drain.steadyPerSecond}/s (before ${drain.steadyBeforeAndAfterPerSecond[0]}, after ${drain.steadyBeforeAndAfterPerSecond[1]}); first answer ${drain.firstAnswerSeconds} s after the partner came back (the breaker's wait before its probe), then ${drain.drainAfterFirstAnswerPerSecond}/s (${drain.ratioToSteadyAfterFirstAnswer}×); 50/90/99/100 % answered after ${drain.answeredAfterSeconds.p50}/${drain.answeredAfterSeconds.p90}/${drain.answeredAfterSeconds.p99}/${drain.answeredAfterSeconds.p100} s; ${drain.callsDuringOutage} calls reached the partner before the breaker opened, ${drain.parked} parked`,
    ...Object.entries(ratios).map(([name, value]) => `${name}: ${value ?? 'not measured'}`),
  ]);
}

/** The four cases on one instance: two replicas first, then one (the second ones stopped). */
async function flowCases(): Promise<FlowCase[]> {
  progress('flow: starting the mesh (two replicas of each adapter)…');
  const mesh = await MeshInstance.start({
    name: 'bench-flow',
    portBase: PORT_BASE,
    replicas: Object.fromEntries(ADAPTERS.map((adapter) => [adapter, 2])),
    env: { LOG_LEVEL: 'warn' },
  });
  const flow = await HouseholdFlow.start(mesh);
  const broker = await connect(mesh.amqpUrl);
  const cases: FlowCase[] = [];
  try {
    const places = await flow.prepareCapacity(CAPACITY);
    progress(`flow: ${places} reception places available`);
    const queues = await vhostQueues(mesh.vhost);
    // Each case starts with empty work queues: the households' other messages (education,
    // courses, events) are still being handled when a case's last household is placed.
    const settle = () => waitForQuietQueues(broker, queues);
    // Warm-up at the cases' own concurrency (JIT, pools, tokens, PostgreSQL's caches): with a
    // short, light one the first case measured came out slowest every time.
    progress('flow: warm-up…');
    await measureFlow(flow, WARM_UP_S, CONCURRENCY);
    await settle();
    for (const replicas of [2, 1]) {
      if (replicas === 1) for (const adapter of ADAPTERS) await mesh.kill(adapter, 1);
      for (const latencyMs of replicas === 2 ? [0, 200] : [200, 0]) {
        await setPartnerLatency(mesh.simulatorAdminUrl('magda'), latencyMs);
        progress(`flow: partner ${latencyMs} ms, ${replicas} replica(s), ${CASE_S} s…`);
        const figures = await measureFlow(flow, CASE_S, CONCURRENCY);
        progress(`flow: ${JSON.stringify(figures)}`);
        cases.push({ latencyMs, replicas, ...figures });
        await settle();
      }
    }
  } finally {
    await broker.close().catch(() => undefined);
    await flow.close();
    await mesh.destroy();
  }
  return cases;
}

runBenchmark('bench:flow', main);
