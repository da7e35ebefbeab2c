import { backlogDrain, type DrainFigures } from './backlog-drain';
import { type Baselines, baselineSummary, measureBaselines } from './baselines';
import { machine, printReport, progress, runBenchmark } from './report';

/**
 * `npm run bench:flow`: households per second from POST to verified and placed (simulators at
 * 0 and 200 ms, one and two replicas of each adapter), and the time to drain a backlog of
 * 10,000 lookups after a partner outage against the adapter's steady rate. Baselines first.
 */
const PORT_BASE = Number(process.env['BENCH_PORT_BASE'] ?? 33_000);
const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 10_000);
const STEADY_LOOKUPS = Number(process.env['BENCH_STEADY_LOOKUPS'] ?? 3_000);

async function main(): Promise<void> {
  const baselines: Baselines = await measureBaselines();
  const drain: DrainFigures = await backlogDrain({
    portBase: PORT_BASE + 100,
    backlog: BACKLOG,
    steadyLookups: STEADY_LOOKUPS,
  });
  progress(`drain: ${JSON.stringify(drain)}`);
  printReport('flow', { machine: machine(), baselines, drain }, [
    ...baselineSummary(baselines),
    `backlog of ${drain.backlog} lookups after a partner outage: drained in ${drain.drainSeconds} s (${drain.drainPerSecond}/s) = ${drain.ratioToSteady}× the steady ${drain.steadyPerSecond}/s (target ≥ 0.8); first answer ${drain.firstAnswerSeconds} s after the partner came back (breaker reset), then ${drain.drainAfterFirstAnswerPerSecond}/s = ${drain.ratioToSteadyAfterFirstAnswer}×; ${drain.callsDuringOutage} calls reached the partner while down, ${drain.parked} parked`,
  ]);
}

runBenchmark('bench:flow', main);
