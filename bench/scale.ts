import autocannon from 'autocannon';
import { connect } from 'amqplib';
import { testPostgresServerUrl } from '@toevlucht/testing';
import { MeshInstance } from '../tools/mesh-instance/mesh-instance';
import { simulatorPorts } from '../tools/mesh-instance/instance-plan';
import { SERVICES } from '../tools/service-catalog';
import { type Baselines, baselineSummary, measureBaselines } from './baselines';
import { findBottleneck, type LoadStep, type Verdict } from './bottleneck';
import { measureFlow } from './flow-cases';
import { HouseholdFlow } from './household-flow';
import { machine, printReport, progress, runBenchmark } from './report';
import { UsageSampler, simulatorFinders, vhostQueues } from './usage-sampler';

/**
 * `npm run bench:scale`: the gateway (POST /dossiers at a fixed rate) and the flow (households
 * in flight) at 1×, 2×, 4× and 8× load on one mesh of real processes (MeshInstance
 * `bench-scale`); per step the throughput, each process's CPU and peak memory, PostgreSQL
 * commits, queue depths and partner latency; memory at rest; and where the first bottleneck
 * is. Between steps the mesh is let drain, so a step does not pay for the one before.
 */
const PORT_BASE = Number(process.env['BENCH_SCALE_PORT_BASE'] ?? 23_200);
const LOADS = [1, 2, 4, 8];
const STEP_S = Number(process.env['BENCH_SCALE_STEP_S'] ?? 10);
const GATEWAY_RATE = Number(process.env['BENCH_SCALE_GATEWAY_RATE'] ?? 20); // POST/s at 1×
const FLOW_CONCURRENCY = Number(process.env['BENCH_SCALE_FLOW_CONCURRENCY'] ?? 5); // at 1×

interface Step extends LoadStep {
  readonly detail: Record<string, unknown>;
}

async function main(): Promise<void> {
  const atStart = machine();
  const baselines: Baselines = await measureBaselines();
  progress('scale: starting the mesh…');
  const mesh = await MeshInstance.start({
    name: 'bench-scale',
    portBase: PORT_BASE,
    env: { LOG_LEVEL: 'warn' },
  });
  const broker = await connect(mesh.amqpUrl);
  const flow = await HouseholdFlow.start(mesh);
  try {
    await flow.prepareCapacity(FLOW_CONCURRENCY * 15 * STEP_S * 10);
    const queues = await vhostQueues(mesh.vhost);
    const sampler = new UsageSampler({
      services: Object.fromEntries(
        SERVICES.map((service) => [service.name, mesh.url(service.name)]),
      ),
      processes: simulatorFinders(simulatorPorts(PORT_BASE)),
      postgresServerUrl: testPostgresServerUrl(),
      databases: SERVICES.filter((service) => service.database !== null).map((service) =>
        new URL(mesh.databaseUrl(service.name)).pathname.slice(1),
      ),
      broker,
      queues,
    });
    await measureFlow(flow, 3, 5); // warm-up
    await sampler.quiesce();
    const memoryAtRestMiB = await sampler.memoryNow();

    const flowSteps: Step[] = [];
    for (const load of LOADS) {
      progress(`scale: flow ${load}× (${FLOW_CONCURRENCY * load} households in flight)…`);
      await sampler.start();
      const figures = await measureFlow(flow, STEP_S, FLOW_CONCURRENCY * load);
      const window = await sampler.stop();
      flowSteps.push({
        load,
        achieved: figures.householdsPerSecond,
        window,
        detail: { ...figures },
      });
      await sampler.quiesce();
    }

    const token = await mesh.token('agii-medewerker', { sub: 'bench-gateway' });
    const gatewaySteps: Step[] = [];
    for (const load of LOADS) {
      const rate = GATEWAY_RATE * load;
      progress(`scale: gateway ${load}× (${rate} POST /dossiers per second)…`);
      await sampler.start();
      const result = await autocannon({
        url: `${mesh.gatewayUrl}/api/v1/dossiers`,
        method: 'POST',
        connections: Math.max(10, Math.ceil(rate / 5)),
        duration: STEP_S,
        overallRate: rate,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify(flow.nextDossierBody()),
            }),
          },
        ],
      });
      const window = await sampler.stop();
      gatewaySteps.push({
        load,
        achieved: Math.round(result.requests.average),
        window,
        detail: {
          offeredPerSecond: rate,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        },
      });
      await sampler.quiesce();
    }

    const limits = {
      cores: atStart.cores,
      postgresCommitsPerSecond: baselines.postgres.transactionsPerSecond,
      partnerLatencyMs: 0,
    };
    const flowVerdict = findBottleneck(flowSteps, limits);
    const gatewayVerdict = findBottleneck(gatewaySteps, limits);
    printReport(
      'scale',
      {
        machine: atStart,
        baselines,
        stepSeconds: STEP_S,
        memoryAtRestMiB,
        flow: { steps: flowSteps, verdict: flowVerdict },
        gateway: { steps: gatewaySteps, verdict: gatewayVerdict },
      },
      [
        ...baselineSummary(baselines),
        `memory at rest (MiB): ${format(memoryAtRestMiB)}`,
        ...summary('flow (households/s verified and placed)', flowSteps, flowVerdict),
        ...summary('gateway (POST /dossiers per second)', gatewaySteps, gatewayVerdict),
      ],
    );
  } finally {
    await flow.close();
    await broker.close().catch(() => undefined);
    await mesh.destroy();
  }
}

function summary(title: string, steps: readonly Step[], verdict: Verdict): string[] {
  return [
    `${title}:`,
    ...steps.map(
      (step) =>
        `  ${step.load}×: ${step.achieved}/s (efficiency ${verdict.efficiency[`${step.load}x`]}), machine ${step.window.machineBusyCores} cores busy; CPU cores ${format(top(step.window.cpuCores, 4))}; peak MiB ${format(top(step.window.peakRssMiB, 3))}; commits/s ${format(step.window.commitsPerSecond)}`,
    ),
    `  first bottleneck: ${verdict.kneeAt === null ? 'throughput still grows at 8×' : `from ${verdict.kneeAt}×`}: ${verdict.limits.join('; ')}`,
  ];
}

function top(values: Record<string, number>, count: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(values)
      .sort(([, a], [, b]) => b - a)
      .slice(0, count),
  );
}

function format(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name.replace(/^bench_scale_toevlucht_/, '')} ${value}`)
    .join(', ');
}

/** Waits (up to a minute) until no work queue of the mesh holds messages. */
runBenchmark('bench:scale', main);
