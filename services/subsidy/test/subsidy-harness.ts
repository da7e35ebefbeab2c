import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import {
  ContractRegistry,
  createEnvelope,
  decodeEnvelope,
  encodeData,
  toPublishOptions,
} from '@toevlucht/messaging';
import { type Clock, findProjectRoot, openApiSetUp } from '@toevlucht/runtime';
import type { DevTokenIssuer } from '@toevlucht/security';
import {
  deleteServiceQueues,
  startTestService,
  startTestTokenIssuer,
  TEST_AMQP_URL,
  testDatabase,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import { SUBSIDY_API } from '../src/http/openapi';
import { subsidyModule } from '../src/subsidy.module';

const root = findProjectRoot();
export const CONTRACTS = ContractRegistry.fromDirectory(join(root, 'contracts/messages'));

/** Tests run on 15 November 2026: October is over, November is not. */
export const TODAY = new Date('2026-11-15T10:00:00.000Z');
const fixedClock: Clock = { now: () => new Date(TODAY) };

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/**
 * A municipality code of this run only: other test runs on the shared broker may publish
 * occupancy too, and must not land in this run's claims.
 */
export function testNisCode(): string {
  return String(randomInt(10_000, 99_999));
}

/** A subsidy service in this process (real runtime, broker and database), and its token issuer. */
export class SubsidyHarness {
  private constructor(
    public service: TestService,
    readonly issuer: DevTokenIssuer,
    readonly database: TestDatabase,
    readonly name: string,
  ) {}

  static async start(purpose: string): Promise<SubsidyHarness> {
    const issuer = await startTestTokenIssuer();
    const database = testDatabase(`subsidy_${purpose}`);
    const name = `subsidy-test-${purpose}-${process.pid}`;
    const harness = new SubsidyHarness(
      await SubsidyHarness.startService(name, issuer, database),
      issuer,
      database,
      name,
    );
    return harness;
  }

  private static startService(name: string, issuer: DevTokenIssuer, database: TestDatabase) {
    return startTestService({
      name,
      module: subsidyModule({ NODE_ENV: 'test', ...issuer.env() }, fixedClock),
      contracts: CONTRACTS,
      databaseUrl: database.url,
      migrationsFolder: join(root, 'services/subsidy/migrations'),
      configureHttp: openApiSetUp(SUBSIDY_API),
      env: { LOG_LEVEL: 'info' },
    });
  }

  /** Stops the service and starts it again on the same database and queues (a restart). */
  async restart(): Promise<void> {
    await this.service.stop();
    this.service = await SubsidyHarness.startService(this.name, this.issuer, this.database);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.issuer.close();
    await deleteServiceQueues(this.name);
    await this.database.drop();
  }

  token(role: string, options: { sub?: string; nis?: string; roles?: string[] } = {}) {
    return this.issuer.mint({
      roles: options.roles ?? [role],
      sub: options.sub ?? `user-${role}`,
      ...(options.nis === undefined ? {} : { nis: options.nis }),
    });
  }

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async sql<T = Record<string, unknown>>(query: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      return (await client.query(query, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Messages this service wrote to its outbox, by type. */
  async outboxOf(type: string): Promise<{ id: string; payload: any }[]> {
    return this.sql('SELECT id, payload FROM outbox WHERE routing_key = $1 ORDER BY seq', [type]);
  }
}

/** Publishes events as housing, registration or the orafin-adapter would. */
export class MeshPublisher {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(): Promise<MeshPublisher> {
    const connection = await connect(TEST_AMQP_URL);
    return new MeshPublisher(connection, await connection.createConfirmChannel());
  }

  /** Publishes `data` as an event of `type`; returns the message id (reuse it to redeliver). */
  async event(type: string, data: Record<string, unknown>, messageId?: string): Promise<string> {
    const contract = CONTRACTS.requirePublishable(type, data);
    const envelope = createEnvelope('test-mesh', type, data, { schemaId: contract.schemaId });
    const options = toPublishOptions(envelope);
    const id = messageId ?? envelope.id;
    this.channel.publish('toevlucht.events', type, encodeData(data), {
      ...options,
      messageId: id,
      headers: { ...options.headers, 'cloudEvents:id': id },
    });
    await (this.channel as unknown as { waitForConfirms(): Promise<void> }).waitForConfirms();
    return id;
  }

  async stop(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

export type OrafinAnswer =
  | { readonly kind: 'pay' }
  | {
      readonly kind: 'reject';
      readonly stage: string;
      readonly code: string;
      readonly reason: string;
    }
  | { readonly kind: 'silent' };

/**
 * Stands in for the orafin-adapter: a durable queue bound to orafin.payment-order.submit.v1
 * that it consumes (up) or leaves alone (down: commands wait in the queue, as they would while
 * the adapter is away). Answers each order of this test's service as `answer` says, like the
 * adapter: accepted then paid, or rejected. Orders of other test runs are left unanswered.
 */
export class FakeOrafin {
  readonly received: { messageId: string; data: Record<string, any> }[] = [];
  private consumerTag: string | undefined;
  answer: (data: Record<string, any>) => OrafinAnswer = () => ({ kind: 'pay' });
  /** Echo the reference as its 12 bare digits instead of as sent (both are valid). */
  bareReferences = false;
  private fileSequence = 0;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    readonly queue: string,
    private readonly mine: (data: Record<string, any>) => Promise<boolean>,
    private readonly mesh: MeshPublisher,
  ) {}

  static async start(
    mine: (data: Record<string, any>) => Promise<boolean>,
    mesh: MeshPublisher,
  ): Promise<FakeOrafin> {
    const connection = await connect(TEST_AMQP_URL);
    const channel = await connection.createChannel();
    const queue = `fake-orafin-${process.pid}-${randomUUID().slice(0, 8)}`;
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, 'toevlucht.commands', 'orafin.payment-order.submit.v1');
    const fake = new FakeOrafin(connection, channel, queue, mine, mesh);
    await fake.up();
    return fake;
  }

  async up(): Promise<void> {
    if (this.consumerTag !== undefined) return;
    const { consumerTag } = await this.channel.consume(this.queue, (message) => {
      if (message !== null) void this.handle(message);
    });
    this.consumerTag = consumerTag;
  }

  async down(): Promise<void> {
    if (this.consumerTag === undefined) return;
    await this.channel.cancel(this.consumerTag);
    this.consumerTag = undefined;
  }

  async depth(): Promise<number> {
    return (await this.channel.checkQueue(this.queue)).messageCount;
  }

  private async handle(message: ConsumeMessage): Promise<void> {
    const decoded = decodeEnvelope({
      messageId: message.properties.messageId,
      type: message.properties.type,
      contentType: message.properties.contentType,
      headers: message.properties.headers ?? {},
      body: message.content,
    });
    const mine =
      decoded.ok &&
      (await this.mine(decoded.envelope.data as Record<string, any>).catch(() => false));
    if (!decoded.ok || !mine) {
      this.channel.ack(message);
      return;
    }
    const data = decoded.envelope.data as Record<string, any>;
    this.received.push({ messageId: decoded.envelope.id, data });
    const answer = this.answer(data);
    const order = {
      paymentReference: this.bareReferences
        ? String(data['paymentReference']).replace(/\D/g, '')
        : data['paymentReference'],
      idempotencyKey: data['idempotencyKey'],
      requester: data['requester'],
    };
    this.fileSequence += 1;
    if (answer.kind === 'pay') {
      await this.mesh.event('orafin.payment-order.accepted.v1', {
        ...order,
        fileSequence: this.fileSequence,
      });
      await this.mesh.event('orafin.payment-order.paid.v1', {
        ...order,
        amountCents: data['amountCents'],
        executionDate: '2026-11-20',
        fileSequence: this.fileSequence,
      });
    } else if (answer.kind === 'reject') {
      await this.mesh.event('orafin.payment-order.rejected.v1', {
        ...order,
        stage: answer.stage,
        reasonCode: answer.code,
        reason: answer.reason,
        fileSequence: this.fileSequence,
      });
    }
    this.channel.ack(message);
  }

  async stop(): Promise<void> {
    await this.channel.deleteQueue(this.queue).catch(() => undefined);
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

/** Builders for the facts a claim is calculated from. */
export function aStay(nisCode: string, overrides: Record<string, unknown> = {}) {
  return {
    stayId: randomUUID(),
    revision: 1,
    change: 'started',
    placementId: randomUUID(),
    dossierId: randomUUID(),
    personId: randomUUID(),
    placeId: randomUUID(),
    placeType: 'host-family-room',
    nisCode,
    from: '2026-10-01',
    ...overrides,
  };
}

export function aVerification(personId: string, overrides: Record<string, unknown> = {}) {
  return {
    personId,
    dossierId: randomUUID(),
    status: 'verified',
    referte: `MAGDA-${personId.slice(0, 8)}`,
    at: '2026-10-02T08:00:00.000Z',
    ...overrides,
  };
}

/** Waits until the service has recorded every given stay and verification. */
export async function waitForFacts(
  harness: SubsidyHarness,
  stayIds: readonly string[],
  personIds: readonly string[],
): Promise<void> {
  await waitFor('subsidy to record the stays and verifications', async () => {
    const [stays] = await harness.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM stays WHERE stay_id = ANY($1::uuid[])',
      [stayIds],
    );
    const [checks] = await harness.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM verifications WHERE person_id = ANY($1::uuid[])',
      [personIds],
    );
    return stays!.n === stayIds.length && checks!.n === personIds.length ? true : undefined;
  });
}
