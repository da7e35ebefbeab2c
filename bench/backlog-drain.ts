import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'amqplib';
import {
  COMMANDS_EXCHANGE,
  createEnvelope,
  encodeData,
  EVENTS_EXCHANGE,
  toPublishOptions,
} from '@toevlucht/messaging';
import { findProjectRoot } from '@toevlucht/runtime';
import { ServiceProcess, waitForStatus } from '@toevlucht/testing';
import { benchVhost } from './isolation';
import { sampleSum, scrapeMetrics } from './probes';
import { progress, round2 } from './report';

/**
 * The backlog drain (issue 10, flow): rijksregister-adapter and the MAGDA simulator as their
 * own processes in a vhost of their own. First the adapter's steady rate (lookups published
 * all at once with the partner up); then a partner outage during which `backlog` lookups
 * arrive (the breaker opens and pauses the consumer, so they wait in RabbitMQ); then the time
 * from the end of the outage until every one of them is answered. Ports from `portBase`.
 */
export interface DrainFigures {
  /** Lookups/s through one and two adapter processes with the partner answering in 200 ms. */
  readonly replicasAtPartnerLatency: {
    readonly latencyMs: number;
    readonly lookupsPerReplica: number;
    readonly oneReplicaPerSecond: number;
    readonly twoReplicasPerSecond: number;
    readonly ratio: number;
  };
  readonly steadyLookups: number;
  /** The mean of the steady rate measured before the other steps and after the drain. */
  readonly steadyPerSecond: number;
  readonly steadyBeforeAndAfterPerSecond: readonly [number, number];
  readonly backlog: number;
  /** From the end of the outage to the last answer. */
  readonly drainSeconds: number;
  readonly drainPerSecond: number;
  /** From the end of the outage to the first answer: the breaker's reset timeout, mostly. */
  readonly firstAnswerSeconds: number;
  /** From the first answer to the last: the drain proper, once the breaker has closed. */
  readonly drainAfterFirstAnswerPerSecond: number;
  readonly ratioToSteady: number;
  readonly ratioToSteadyAfterFirstAnswer: number;
  /** Seconds from the end of the outage until 50, 90, 99 and 100 % were answered. */
  readonly answeredAfterSeconds: Record<'p50' | 'p90' | 'p99' | 'p100', number>;
  readonly callsDuringOutage: number;
  readonly parked: number;
}

const LOOKUP = 'rijksregister.person.lookup.v1';
const PARTNER_LATENCY_MS = 200;
const REGISTERED_PERSON = '85650100153'; // a seeded person of the simulator

export async function backlogDrain(options: {
  readonly portBase: number;
  readonly backlog: number;
  readonly steadyLookups: number;
  /** Lookups per adapter process in the 200 ms cases (about 50/s each: 10 calls in flight). */
  readonly latencyLookups: number;
}): Promise<DrainFigures> {
  const root = findProjectRoot();
  const vhost = await benchVhost('drain');
  const simulatorPort = options.portBase + 20;
  const adapterPort = options.portBase + 10;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  const simulator = new ServiceProcess({
    root,
    entry: 'dist/simulators/magda/src/main.js',
    env: { MAGDA_SIMULATOR_PORT: String(simulatorPort), LOG_LEVEL: 'warn' },
  });
  const startAdapter = (port: number) =>
    new ServiceProcess({
      root,
      entry: 'dist/services/rijksregister-adapter/src/main.js',
      env: {
        PORT: String(port),
        AMQP_URL: vhost.amqpUrl,
        LOG_LEVEL: 'warn',
        MAGDA_GEEFPERSOON_URL: `${simulatorUrl}/GeefPersoonDienst-02.02/soap/WebService`,
        MAGDA_REGISTREER_URL: `${simulatorUrl}/RegistreerInschrijvingDienst-02.01/soap/WebService`,
        MAGDA_UITSCHRIJVING_URL: `${simulatorUrl}/RegistreerUitschrijvingDienst-02.01/soap/WebService`,
      },
    });
  const adapter = startAdapter(adapterPort);
  let secondAdapter: ServiceProcess | undefined;
  const broker = await connect(vhost.amqpUrl);
  try {
    await waitForStatus(`${simulatorUrl}/admin/stats`, 200, 60_000);
    await waitForStatus(`http://127.0.0.1:${adapterPort}/health/ready`, 200, 60_000);
    const answers = await broker.createChannel();
    const { queue } = await answers.assertQueue('', { exclusive: true });
    await answers.bindQueue(queue, EVENTS_EXCHANGE, 'rijksregister.person.#');
    const answered = new Map<string, number>(); // run → answers so far
    const firstAnswerAt = new Map<string, number>();
    const backlogAnswerTimes: number[] = [];
    await answers.consume(
      queue,
      (message) => {
        if (message === null) return;
        const { subjectRef } = JSON.parse(message.content.toString('utf8')) as {
          subjectRef?: string;
        };
        const run = subjectRef?.split(':')[0];
        if (run === undefined) return;
        answered.set(run, (answered.get(run) ?? 0) + 1);
        if (!firstAnswerAt.has(run)) firstAnswerAt.set(run, performance.now());
        if (run === 'backlog') backlogAnswerTimes.push(performance.now());
      },
      { noAck: true },
    );
    const publisher = await broker.createConfirmChannel();
    const publish = async (run: string, count: number) => {
      for (let i = 0; i < count; i += 1) {
        const data = { subjectRef: `${run}:${i}`, requester: 'bench', insz: REGISTERED_PERSON };
        publisher.publish(
          COMMANDS_EXCHANGE,
          LOOKUP,
          encodeData(data),
          toPublishOptions(createEnvelope('bench', LOOKUP, data)),
        );
      }
      await publisher.waitForConfirms();
    };
    // Bounded: at least a minute, or four times what the slowest case should take (50/s).
    const allAnswered = (run: string, count: number) =>
      waitUntil(
        () => (answered.get(run) ?? 0) >= count,
        Math.max(60_000, (count / 50) * 4_000),
        () => `${answered.get(run) ?? 0} of ${count} '${run}' lookups answered`,
      );

    // Warm-up (JIT, the soap client), then the steady rate.
    await publish('warm', 200);
    await allAnswered('warm', 200);
    // The steady rate before the other steps and again after the drain: on a shared machine
    // one measurement can catch a burst of someone else's work (60/s against 370/s once).
    const steadyRate = async (run: string) => {
      progress(`drain: steady rate over ${options.steadyLookups} lookups (${run})…`);
      const started = performance.now();
      await publish(run, options.steadyLookups);
      await allAnswered(run, options.steadyLookups);
      return options.steadyLookups / ((performance.now() - started) / 1000);
    };
    const steadyBefore = await steadyRate('steady');

    // Replicas where the partner's latency is the limit: 200 ms, one adapter process, then two.
    const latencyRates: number[] = [];
    await setLatency(simulatorUrl, PARTNER_LATENCY_MS);
    for (const replicas of [1, 2]) {
      if (replicas === 2) {
        secondAdapter = startAdapter(adapterPort + 100);
        await waitForStatus(`http://127.0.0.1:${adapterPort + 100}/health/ready`, 200, 60_000);
      }
      const lookups = options.latencyLookups * replicas;
      progress(
        `drain: partner at ${PARTNER_LATENCY_MS} ms, ${replicas} adapter process(es), ${lookups} lookups…`,
      );
      const started = performance.now();
      await publish(`latency${replicas}`, lookups);
      await allAnswered(`latency${replicas}`, lookups);
      latencyRates.push(lookups / ((performance.now() - started) / 1000));
    }
    await secondAdapter?.stop();
    secondAdapter = undefined;
    await setLatency(simulatorUrl, 0);

    progress(`drain: partner outage, ${options.backlog} lookups arrive…`);
    await setOutage(simulatorUrl, true);
    const callsBefore = await geefPersoonCalls(simulatorUrl);
    await publish('backlog', options.backlog);
    const adapterMetrics = `http://127.0.0.1:${adapterPort}`;
    await waitUntil(
      async () => (await breakerState(adapterMetrics)) === 2,
      60_000,
      () => 'the breaker did not open during the outage',
    );
    const callsDuringOutage = (await geefPersoonCalls(simulatorUrl)) - callsBefore;
    await setOutage(simulatorUrl, false);
    const outageEndedAt = performance.now();
    progress('drain: partner back, draining…');
    await allAnswered('backlog', options.backlog);
    const drainedAt = performance.now();
    const drainSeconds = (drainedAt - outageEndedAt) / 1000;
    const firstAt = firstAnswerAt.get('backlog') ?? outageEndedAt;
    const firstAnswerSeconds = Math.max(0, (firstAt - outageEndedAt) / 1000);
    const afterFirst = options.backlog / Math.max(0.001, (drainedAt - firstAt) / 1000);
    const drainPerSecond = options.backlog / drainSeconds;
    const after = (share: number) =>
      round2(
        ((backlogAnswerTimes[Math.ceil(share * options.backlog) - 1] ?? drainedAt) -
          outageEndedAt) /
          1000,
      );
    const steadyAfter = await steadyRate('steady-after');
    const steadyPerSecond = (steadyBefore + steadyAfter) / 2;
    const parked = (await answers.checkQueue('rijksregister-adapter.parking-lot')).messageCount;
    return {
      replicasAtPartnerLatency: {
        latencyMs: PARTNER_LATENCY_MS,
        lookupsPerReplica: options.latencyLookups,
        oneReplicaPerSecond: Math.round(latencyRates[0] ?? 0),
        twoReplicasPerSecond: Math.round(latencyRates[1] ?? 0),
        ratio: round2((latencyRates[1] ?? 0) / (latencyRates[0] ?? Number.NaN)),
      },
      steadyLookups: options.steadyLookups,
      steadyPerSecond: Math.round(steadyPerSecond),
      steadyBeforeAndAfterPerSecond: [Math.round(steadyBefore), Math.round(steadyAfter)],
      backlog: options.backlog,
      drainSeconds: round2(drainSeconds),
      drainPerSecond: Math.round(drainPerSecond),
      firstAnswerSeconds: round2(firstAnswerSeconds),
      drainAfterFirstAnswerPerSecond: Math.round(afterFirst),
      ratioToSteady: round2(drainPerSecond / steadyPerSecond),
      ratioToSteadyAfterFirstAnswer: round2(afterFirst / steadyPerSecond),
      answeredAfterSeconds: { p50: after(0.5), p90: after(0.9), p99: after(0.99), p100: after(1) },
      callsDuringOutage,
      parked,
    };
  } catch (error) {
    keepOutput({ adapter, simulator, ...(secondAdapter ? { secondAdapter } : {}) });
    throw error;
  } finally {
    await secondAdapter?.stop();
    await adapter.stop();
    await simulator.stop();
    await broker.close().catch(() => undefined);
    await vhost.remove();
  }
}

async function setOutage(simulatorUrl: string, outage: boolean): Promise<void> {
  const response = await fetch(`${simulatorUrl}/admin/operations/GeefPersoon`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outage }),
  });
  if (!response.ok) throw new Error(`simulator admin answered ${response.status}`);
}

async function setLatency(simulatorUrl: string, latencyMs: number): Promise<void> {
  const response = await fetch(`${simulatorUrl}/admin/operations/GeefPersoon`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new Error(`simulator admin answered ${response.status}`);
}

async function geefPersoonCalls(simulatorUrl: string): Promise<number> {
  const response = await fetch(`${simulatorUrl}/admin/stats`);
  const stats = (await response.json()) as { calls: Record<string, number | undefined> };
  return stats.calls['GeefPersoon'] ?? 0;
}

async function breakerState(adapterUrl: string): Promise<number> {
  return sampleSum(
    await scrapeMetrics(adapterUrl),
    'toevlucht_breaker_state',
    'breaker="rijksregister.GeefPersoon"',
  );
}

/** A failed run's process output, for the next reader: bench-results/drain-<process>.log. */
function keepOutput(processes: Record<string, ServiceProcess>): void {
  const out = join(findProjectRoot(), 'bench-results');
  mkdirSync(out, { recursive: true });
  for (const [name, process] of Object.entries(processes)) {
    const file = join(out, `drain-${name}.log`);
    const status = process.isRunning ? 'still running' : 'exited';
    writeFileSync(file, `# ${name}, ${status}\n${process.output()}\n`);
    progress(`drain: ${name} (${status}) output in ${file}`);
  }
}

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
