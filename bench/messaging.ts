import { join } from 'node:path';
import { Controller, Inject, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientRMQ,
  Ctx,
  EventPattern,
  Payload,
  RmqContext,
  Transport,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { connect } from 'amqplib';
import { Pool } from 'pg';
import { lastValueFrom } from 'rxjs';
import {
  type AmqpContext,
  ContractRegistry,
  Inbox,
  MessagePublisher,
  Outbox,
} from '@toevlucht/messaging';
import { TransactionRunner } from '@toevlucht/persistence';
import { findProjectRoot } from '@toevlucht/runtime';
import { startTestService, TEST_AMQP_URL, testDatabase } from '@toevlucht/testing';
import { baselineSummary, measureBaselines } from './baselines';
import { benchVhost } from './isolation';

/**
 * `npm run bench:messaging`: messages per second through
 *  - the pure transport (publish → handle, no database): raw amqplib, Toevlucht, NestJS's RMQ transport;
 *  - the outbox → inbox pipeline (commit with outbox row → relay → consume with inbox row): a
 *    hand-written amqplib + pg pipeline doing the same work, and Toevlucht.
 * Every figure is measured in the same run, rounds alternating, and reported as a ratio to its
 * raw baseline, because this machine is shared and noisy; with each rate, this process's CPU time
 * per message (publisher and consumer both run here). Not part of `npm test`.
 */
const N = Number(process.env['BENCH_MESSAGES'] ?? 5_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONCURRENT_TRANSACTIONS = 10;
const root = findProjectRoot();
const contracts = ContractRegistry.fromDirectory(join(root, 'libs/messaging/test/contracts'));
const TYPE = 'test.thing.happened.v1';
const payload = (sequence: number) => ({ thingId: `bench-thing-${sequence % 100}`, sequence });
/**
 * The broker the scenarios use: a vhost of their own (set in main), because the test message
 * types are also bound on the default vhost by libs/messaging's integration tests, and each run
 * would otherwise receive the other's messages.
 */
let amqpUrl = TEST_AMQP_URL;
const silent = () => ({ LOG_LEVEL: 'warn', MESSAGE_PREFETCH: '100', AMQP_URL: amqpUrl });

/** Resolves once `count` calls to `tick` have been made. */
class Countdown {
  private seen = 0;
  private resolve: (() => void) | undefined;
  readonly done: Promise<void>;
  constructor(private readonly count: number) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }
  tick(): void {
    this.seen += 1;
    if (this.seen === this.count) this.resolve?.();
  }

  /** `done`, or a clear failure after `timeoutMs` rather than a run that hangs for good. */
  within(timeoutMs = 120_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.seen} of ${this.count} messages handled in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return Promise.race([this.done, late]).finally(() => clearTimeout(timer));
  }
}

/**
 * Waits until the service's work queue has its consumer: declared, bound and consuming, so no
 * event published from now on is dropped as unroutable (a fixed pause once was not enough).
 */
async function consuming(queue: string, timeoutMs = 30_000): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      const consumers = await channel
        .checkQueue(queue)
        .then((status) => status.consumerCount)
        .catch(() => 0);
      await channel.close().catch(() => undefined);
      if (consumers > 0) return;
      if (Date.now() > deadline) throw new Error(`no consumer on ${queue} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await connection.close();
  }
}

/**
 * Deletes a round's work queue and its retry tiers and parking lot: left bound, it would take a
 * copy of every later round's messages, and each round would cost the broker more than the last.
 */
async function removeQueues(queue: string): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const name of [
      queue,
      `${queue}.retry.1`,
      `${queue}.retry.2`,
      `${queue}.retry.3`,
      `${queue}.parking-lot`,
    ])
      await channel.deleteQueue(name);
    await channel.close();
  } finally {
    await connection.close();
  }
}

const COUNTDOWN = Symbol('COUNTDOWN');

function handlerModule(countdown: Countdown, withInbox: boolean): Type<unknown> {
  @Controller()
  class Handlers {
    constructor(
      @Inject(COUNTDOWN) private readonly counter: Countdown,
      @Inject(Inbox) private readonly inbox: Inbox | undefined,
    ) {}

    @EventPattern<string>(TYPE)
    async handle(@Ctx() context: AmqpContext): Promise<void> {
      if (withInbox && this.inbox !== undefined)
        await this.inbox.handleOnce(context, () => Promise.resolve());
      this.counter.tick();
    }
  }
  class BenchModule {}
  Module({
    controllers: [Handlers],
    providers: [
      { provide: COUNTDOWN, useValue: countdown },
      ...(withInbox ? [] : [{ provide: Inbox, useValue: undefined }]),
    ],
  })(BenchModule);
  return BenchModule;
}

/**
 * This process's CPU time per message in the last timed run (publisher and consumer both run
 * here): unlike the rate, it hardly moves when other processes take the cores.
 */
let lastCpuMicrosPerMessage = Number.NaN;

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  lastCpuMicrosPerMessage = (used.user + used.system) / N;
  return N / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function limited<T>(
  items: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) await task(next++);
    }),
  );
}

// ── pure transport ─────────────────────────────────────────────────────────────────────────────

/** The headers a Toevlucht message carries, so one raw baseline pays the envelope's broker cost too. */
function cloudEventHeaders(i: number): Record<string, string> {
  return {
    'cloudEvents:specversion': '1.0',
    'cloudEvents:id': `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'cloudEvents:type': TYPE,
    'cloudEvents:source': '/toevlucht/bench-producer',
    'cloudEvents:time': new Date().toISOString(),
    'cloudEvents:correlationid': `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'cloudEvents:dataschema':
      'https://toevlucht.dev/contracts/test/test.thing.happened.v1.schema.json',
  };
}

const pureRaw = (round: number) => pureRawWith(round, false);
const pureRawWithEnvelope = (round: number) => pureRawWith(round, true);

async function pureRawWith(round: number, envelope: boolean): Promise<number> {
  const connection = await connect(amqpUrl);
  const queue = `bench-raw-${envelope ? 'ce-' : ''}${process.pid}-${round}`;
  try {
    const consumer = await connection.createChannel();
    await consumer.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await consumer.prefetch(100);
    const countdown = new Countdown(N);
    await consumer.consume(queue, (message) => {
      if (message === null) return;
      JSON.parse(message.content.toString('utf8'));
      consumer.ack(message);
      countdown.tick();
    });
    const publisher = await connection.createConfirmChannel();
    return await timed(async () => {
      for (let i = 0; i < N; i += 1) {
        publisher.publish('', queue, Buffer.from(JSON.stringify(payload(i))), {
          persistent: true,
          messageId: String(i),
          ...(envelope
            ? { type: TYPE, contentType: 'application/json', headers: cloudEventHeaders(i) }
            : {}),
        });
      }
      await publisher.waitForConfirms();
      await countdown.within();
    });
  } finally {
    const cleanup = await connection.createChannel();
    await cleanup.deleteQueue(queue);
    await connection.close();
  }
}

async function pureToevlucht(round: number): Promise<number> {
  const countdown = new Countdown(N);
  const name = `bench-consumer-${process.pid}-${round}`;
  const consumer = await startTestService({
    name,
    module: handlerModule(countdown, false),
    contracts,
    env: silent(),
  });
  const producer = await startTestService({
    name: `bench-producer-${process.pid}-${round}`,
    module: emptyModule(),
    contracts,
    env: silent(),
  });
  try {
    await consuming(name);
    const publisher = producer.app.get(MessagePublisher);
    return await timed(async () => {
      await Promise.all(Array.from({ length: N }, (_, i) => publisher.publish(TYPE, payload(i))));
      await countdown.within();
    });
  } finally {
    await producer.stop();
    await consumer.stop();
    await removeQueues(name);
  }
}

async function pureNestRmq(round: number): Promise<number> {
  const queue = `bench-nest-${process.pid}-${round}`;
  const countdown = new Countdown(N);
  @Controller()
  class NestHandlers {
    @EventPattern<string>(TYPE)
    handle(@Payload() _data: unknown, @Ctx() context: RmqContext): void {
      const channel = context.getChannelRef() as { ack(message: unknown): void };
      channel.ack(context.getMessage());
      countdown.tick();
    }
  }
  class NestModule {}
  Module({ controllers: [NestHandlers] })(NestModule);
  const options = {
    urls: [amqpUrl],
    queue,
    noAck: false,
    prefetchCount: 100,
    queueOptions: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
  };
  const server = await NestFactory.createMicroservice<MicroserviceOptions>(NestModule, {
    transport: Transport.RMQ,
    options,
    logger: false,
  });
  await server.listen();
  // The client's noAck only concerns its reply queue, which RabbitMQ requires to be auto-acked.
  const client = new ClientRMQ({ ...options, noAck: true });
  await client.connect();
  try {
    return await timed(async () => {
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          lastValueFrom(client.emit(TYPE, payload(i)), { defaultValue: undefined }),
        ),
      );
      await countdown.within();
    });
  } finally {
    await client.close();
    await server.close();
    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await connection.close();
  }
}

// ── outbox → inbox pipeline ────────────────────────────────────────────────────────────────────

async function pipelineRaw(round: number): Promise<number> {
  const producerDb = testDatabase(`bench_raw_p${round}`);
  const consumerDb = testDatabase(`bench_raw_c${round}`);
  const admin = new Pool({
    connectionString: producerDb.url.replace(/\/[^/]+$/, '/postgres'),
    max: 1,
  });
  await admin.query(`CREATE DATABASE "${producerDb.name}"`);
  await admin.query(`CREATE DATABASE "${consumerDb.name}"`);
  await admin.end();
  const producer = new Pool({ connectionString: producerDb.url, max: CONCURRENT_TRANSACTIONS + 1 });
  const consumerPool = new Pool({ connectionString: consumerDb.url, max: CONCURRENT_TRANSACTIONS });
  // The round's databases are dropped WITH (FORCE) at its end; a connection the server ends
  // then must not end the benchmark with an unhandled 'error' (it did once, 2026-11-29).
  for (const pool of [producer, consumerPool]) pool.on('error', () => undefined);
  await producer.query(
    'CREATE TABLE outbox (seq bigserial PRIMARY KEY, payload jsonb NOT NULL, sent_at timestamptz)',
  );
  await consumerPool.query('CREATE TABLE inbox (message_id text PRIMARY KEY)');
  const connection = await connect(amqpUrl);
  const queue = `bench-pipeline-${process.pid}-${round}`;
  const consumer = await connection.createChannel();
  await consumer.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await consumer.prefetch(100);
  const countdown = new Countdown(N);
  await consumer.consume(queue, (message) => {
    if (message === null) return;
    void (async () => {
      const client = await consumerPool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT DO NOTHING', [
          message.properties.messageId,
        ]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      consumer.ack(message);
      countdown.tick();
    })();
  });
  const publisher = await connection.createConfirmChannel();
  let relaying = true;
  const relay = (async () => {
    while (relaying) {
      const client = await producer.connect();
      try {
        await client.query('BEGIN');
        const rows = await client.query<{ seq: string; payload: unknown }>(
          'SELECT seq, payload FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 200 FOR UPDATE SKIP LOCKED',
        );
        for (const row of rows.rows) {
          publisher.publish('', queue, Buffer.from(JSON.stringify(row.payload)), {
            persistent: true,
            messageId: row.seq,
          });
        }
        if (rows.rows.length > 0) {
          await publisher.waitForConfirms();
          await client.query('UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])', [
            rows.rows.map((r) => r.seq),
          ]);
        }
        await client.query('COMMIT');
        if (rows.rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      } finally {
        client.release();
      }
    }
  })();
  try {
    return await timed(async () => {
      await limited(N, CONCURRENT_TRANSACTIONS, async (i) => {
        const client = await producer.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO outbox (payload) VALUES ($1)', [
            JSON.stringify(payload(i)),
          ]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });
      await countdown.within();
    });
  } finally {
    relaying = false;
    await relay;
    await consumer.deleteQueue(queue);
    await connection.close();
    await producer.end();
    await consumerPool.end();
    await producerDb.drop();
    await consumerDb.drop();
  }
}

async function pipelineToevlucht(round: number): Promise<number> {
  const countdown = new Countdown(N);
  const producerDb = testDatabase(`bench_tv_p${round}`);
  const consumerDb = testDatabase(`bench_tv_c${round}`);
  const name = `bench-inbox-${process.pid}-${round}`;
  const consumer = await startTestService({
    name,
    module: handlerModule(countdown, true),
    contracts,
    databaseUrl: consumerDb.url,
    env: { ...silent(), DATABASE_POOL_MAX: String(CONCURRENT_TRANSACTIONS) },
  });
  const producer = await startTestService({
    name: `bench-outbox-${process.pid}-${round}`,
    module: emptyModule(),
    contracts,
    databaseUrl: producerDb.url,
    env: { ...silent(), DATABASE_POOL_MAX: String(CONCURRENT_TRANSACTIONS + 2) },
  });
  try {
    await consuming(name);
    const outbox = producer.app.get(Outbox);
    const transactions = producer.app.get(TransactionRunner);
    return await timed(async () => {
      await limited(N, CONCURRENT_TRANSACTIONS, (i) =>
        transactions.run((tx) => outbox.publish(tx, TYPE, payload(i))),
      );
      await countdown.within();
    });
  } finally {
    await producer.stop();
    await consumer.stop();
    await removeQueues(name);
    await producerDb.drop();
    await consumerDb.drop();
  }
}

function emptyModule(): Type<unknown> {
  class EmptyModule {}
  Module({})(EmptyModule);
  return EmptyModule;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const baselines = await measureBaselines();
  const scenarios = {
    'pure.raw-amqplib': pureRaw,
    'pure.raw-amqplib-envelope': pureRawWithEnvelope,
    'pure.toevlucht': pureToevlucht,
    'pure.nest-rmq': pureNestRmq,
    'pipeline.raw-amqplib-pg': pipelineRaw,
    'pipeline.toevlucht': pipelineToevlucht,
  };
  const only = process.env['BENCH_ONLY']?.split(',');
  const selected = Object.entries(scenarios).filter(
    ([name]) => only === undefined || only.includes(name),
  );
  const results: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  // Removing the vhost at the end also removes every queue the rounds declared.
  const vhost = await benchVhost('messaging');
  amqpUrl = vhost.amqpUrl;
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = [...selected];
      if (round % 2 === 1) order.reverse();
      for (const [name, run] of order) {
        const rate = await run(round);
        (results[name] ??= []).push(rate);
        (cpu[name] ??= []).push(lastCpuMicrosPerMessage);
        process.stderr.write(
          `round ${round + 1}/${ROUNDS} ${name}: ${rate.toFixed(0)} msg/s, ${lastCpuMicrosPerMessage.toFixed(0)} µs CPU/msg\n`,
        );
      }
    }
  } finally {
    await vhost.remove();
  }
  const rate = (name: string) => median(results[name] ?? []);
  // Ratios are taken round by round (the two figures of a pair ran back to back), then the
  // median of those: steadier than a ratio of medians on a machine whose load comes and goes.
  const ratio = (name: string, baseline: string) => {
    const ours = results[name] ?? [];
    const theirs = results[baseline] ?? [];
    return round2(median(ours.map((value, index) => value / (theirs[index] ?? Number.NaN))));
  };
  const report = {
    date: new Date().toISOString(),
    messages: N,
    rounds: ROUNDS,
    node: process.version,
    baselines,
    messagesPerSecond: Object.fromEntries(selected.map(([name]) => [name, Math.round(rate(name))])),
    // The bench process's own CPU (publisher and consumer together), median per message.
    nodeCpuMicrosecondsPerMessage: Object.fromEntries(
      selected.map(([name]) => [name, Math.round(median(cpu[name] ?? []))]),
    ),
    ratios: Object.fromEntries(
      Object.entries({
        'pure: toevlucht / raw amqplib (target ≥ 0.8)': ratio('pure.toevlucht', 'pure.raw-amqplib'),
        'pure: toevlucht / nest rmq (target > 1)': ratio('pure.toevlucht', 'pure.nest-rmq'),
        'pure: toevlucht / raw amqplib with the same headers': ratio(
          'pure.toevlucht',
          'pure.raw-amqplib-envelope',
        ),
        'pipeline: toevlucht / raw amqplib+pg (target ≥ 0.7)': ratio(
          'pipeline.toevlucht',
          'pipeline.raw-amqplib-pg',
        ),
      }).filter(([, value]) => Number.isFinite(value)),
    ),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
  for (const [name, value] of Object.entries(report.messagesPerSecond)) {
    process.stdout.write(
      `${name.padEnd(26)} ${String(value).padStart(7)} msg/s, ${String(report.nodeCpuMicrosecondsPerMessage[name]).padStart(4)} µs CPU/msg (medians of ${ROUNDS})\n`,
    );
  }
  baselineSummary(baselines).forEach((line) => process.stdout.write(`${line}\n`));
  for (const [name, value] of Object.entries(report.ratios))
    process.stdout.write(`${name.padEnd(54)} ${value} (median of per-round ratios)\n`);
  process.exit(0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:messaging failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
