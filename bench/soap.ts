import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { ContractRegistry, MessagePublisher } from '@toevlucht/messaging';
import { Breaker, BreakerMetrics } from '@toevlucht/resilience';
import { findProjectRoot } from '@toevlucht/runtime';
import {
  deleteServiceQueues,
  startTestService,
  TEST_AMQP_URL,
  type TestService,
} from '@toevlucht/testing';
import { loadMagdaSettings } from '../services/rijksregister-adapter/src/magda/adapter-config';
import { callGeefPersoon } from '../services/rijksregister-adapter/src/magda/geef-persoon-call';
import { GeefPersoonClient } from '../services/rijksregister-adapter/src/magda/geef-persoon-client';
import { RijksregisterAdapterModule } from '../services/rijksregister-adapter/src/rijksregister-adapter.module';
import { MagdaSimulator } from '../simulators/magda/src/magda-simulator';

/**
 * `npm run bench:soap`: lookups per second through rijksregister-adapter (command on RabbitMQ →
 * adapter → GeefPersoon on the MAGDA simulator over HTTP → result event) with the simulator at
 * 0 and 200 ms latency and one or two replicas (in this process); and the breaker's overhead:
 * GeefPersoon calls through `callGeefPersoon` versus the soap client directly, rounds alternating.
 */
const root = findProjectRoot();
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 400);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 1_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const simulator = new MagdaSimulator(root);
  const port = await simulator.listen(0);
  const url = `http://127.0.0.1:${port}/GeefPersoonDienst-02.02/soap/WebService`;
  Object.assign(process.env, {
    MAGDA_GEEFPERSOON_URL: url,
    MAGDA_REGISTREER_URL: url,
    LOG_LEVEL: 'error',
  });
  try {
    await breakerOverhead();
    for (const latencyMs of [0, 200]) {
      for (const replicas of [1, 2]) {
        simulator.configure('GeefPersoon', { latencyMs });
        const rate = await throughput(replicas, latencyMs === 0 ? LOOKUPS : LOOKUPS / 2);
        print(`adapter latency=${latencyMs}ms replicas=${replicas}: ${rate.toFixed(0)} lookups/s`);
      }
    }
  } finally {
    await simulator.close();
  }
}

async function breakerOverhead(): Promise<void> {
  const settings = loadMagdaSettings(process.env, root);
  const client = await GeefPersoonClient.create(settings);
  const breaker = new Breaker({
    settings: { ...settings.breaker, maxConcurrent: 10 },
    metrics: BreakerMetrics.of(new Registry()),
  });
  const signal = new AbortController().signal;
  const direct = async () => {
    for (let i = 0; i < CALLS; i += 1)
      await client.ask({ insz: '85650100153', referte: randomUUID() }, signal);
  };
  const guarded = async () => {
    for (let i = 0; i < CALLS; i += 1)
      await callGeefPersoon(breaker, client, { insz: '85650100153', referte: randomUUID() });
  };
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? [direct, guarded] : [guarded, direct];
    const seconds: number[] = [];
    for (const run of order) {
      const started = performance.now();
      await run();
      seconds.push((performance.now() - started) / 1000);
    }
    const [directSeconds, guardedSeconds] = round % 2 === 0 ? seconds : [seconds[1]!, seconds[0]!];
    ratios.push(directSeconds! / guardedSeconds!);
    print(
      `breaker round ${round + 1}: direct ${(CALLS / directSeconds!).toFixed(0)} calls/s, through the breaker ${(CALLS / guardedSeconds!).toFixed(0)} calls/s`,
    );
  }
  ratios.sort((a, b) => a - b);
  print(
    `breaker: throughput through the breaker / direct = ${ratios[Math.floor(ratios.length / 2)]!.toFixed(3)} (median)`,
  );
  breaker.shutdown();
}

async function throughput(replicaCount: number, lookups: number): Promise<number> {
  const service = `rijksregister-adapter-bench-${randomUUID().slice(0, 8)}`;
  const contracts = ContractRegistry.fromDirectory(join(root, 'contracts', 'messages'));
  const replicas: TestService[] = [];
  const broker = await connect(TEST_AMQP_URL);
  const channel = await broker.createChannel();
  const run = randomUUID().slice(0, 8);
  let answered = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  try {
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, 'toevlucht.events', 'rijksregister.person.looked-up.v1');
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const data = JSON.parse(message.content.toString('utf8')) as { subjectRef?: string };
        if (data.subjectRef?.startsWith(run) === true && (answered += 1) === lookups) done();
      },
      { noAck: true },
    );
    for (let i = 0; i < replicaCount; i += 1)
      replicas.push(
        await startTestService({
          name: service,
          module: RijksregisterAdapterModule,
          contracts,
          env: { LOG_LEVEL: 'error', MESSAGE_PREFETCH: '20' },
        }),
      );
    // Let every replica's consumer start before the backlog is published.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const publisher = replicas[0]!.app.get(MessagePublisher);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: lookups }, (_, i) =>
        publisher.publish('rijksregister.person.lookup.v1', {
          subjectRef: `${run}-${i}`,
          requester: 'bench',
          insz: '85650100153',
        }),
      ),
    );
    await finished;
    return lookups / ((performance.now() - started) / 1000);
  } finally {
    for (const replica of replicas) await replica.stop();
    await deleteServiceQueues(service);
    await broker.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
