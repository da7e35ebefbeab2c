import { join } from 'node:path';
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import {
  ContractRegistry,
  createEnvelope,
  decodeEnvelope,
  encodeData,
  parkingLotName,
  toPublishOptions,
  workQueueName,
} from '@toevlucht/messaging';
import { findProjectRoot, openApiSetUp } from '@toevlucht/runtime';
import type { DevTokenIssuer } from '@toevlucht/security';
import {
  deleteServiceQueues,
  startTestService,
  startTestTokenIssuer,
  TEST_AMQP_URL,
  testDatabase,
  type TestDatabase,
  type TestService,
} from '@toevlucht/testing';
import { REGISTRATION_API } from '../src/http/openapi';
import { registrationModule } from '../src/registration.module';
import type { RegistrationSettings } from '../src/registration.config';

const root = findProjectRoot();
export const CONTRACTS = ContractRegistry.fromDirectory(join(root, 'contracts/messages'));

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/** A registration service in this process, its own database, and a token issuer it trusts. */
export class RegistrationHarness {
  private constructor(
    readonly service: TestService,
    readonly issuer: DevTokenIssuer,
    readonly database: TestDatabase,
    readonly name: string,
  ) {}

  static async start(
    purpose: string,
    settings: Partial<RegistrationSettings> = {},
    options: {
      securityEnv?: Record<string, string>;
      database?: TestDatabase;
      /** Service settings (DATABASE_POOL_MAX, …) on top of the test defaults. */
      env?: Record<string, string>;
    } = {},
  ): Promise<RegistrationHarness> {
    const issuer = await startTestTokenIssuer();
    const database = options.database ?? testDatabase(`registration_${purpose}`);
    const name = `registration-test-${purpose}-${process.pid}`;
    const service = await startTestService({
      name,
      module: registrationModule(
        {
          retentionDays: 30,
          retentionCheckIntervalMs: 0,
          reportMinimumCell: 5,
          acceptMagdaTestNumbers: false,
          ...settings,
        },
        { NODE_ENV: 'test', ...issuer.env(), ...options.securityEnv },
      ),
      contracts: CONTRACTS,
      databaseUrl: database.url,
      migrationsFolder: join(root, 'services/registration/migrations'),
      configureHttp: openApiSetUp(REGISTRATION_API),
      env: { LOG_LEVEL: 'info', ...options.env },
    });
    return new RegistrationHarness(service, issuer, database, name);
  }

  async stop(options: { keepDatabase?: boolean } = {}): Promise<void> {
    await this.service.stop();
    await this.issuer.close();
    await deleteServiceQueues(this.name);
    if (options.keepDatabase !== true) await this.database.drop();
  }

  token(role: string, options: { sub?: string; nis?: string } = {}): Promise<string> {
    return this.issuer.mint({
      roles: [role],
      sub: options.sub ?? `user-${role}`,
      ...(options.nis === undefined ? {} : { nis: options.nis }),
    });
  }

  async call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
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
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
  }

  /** Messages in the service's parking lot. */
  async parked(): Promise<number> {
    const connection = await connect(TEST_AMQP_URL);
    try {
      const channel = await connection.createChannel();
      const { messageCount } = await channel.checkQueue(
        parkingLotName(workQueueName(this.name, 'default')),
      );
      return messageCount;
    } finally {
      await connection.close();
    }
  }

  /** SQL against the service's database as the application role. */
  async sql<T = Record<string, unknown>>(query: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      return (await client.query(query, values)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

export type AdapterAnswer =
  | { readonly type: string; readonly data: Record<string, unknown> }
  | 'no-answer'
  /** The partner is down: the adapter keeps the command and answers once it is back. */
  | 'hold';

type Answerer = (
  type: string,
  data: Record<string, unknown>,
) => AdapterAnswer | Promise<AdapterAnswer>;

interface HeldCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly correlationId: string;
  readonly id: string;
}

/**
 * Stands in for the adapters (rijksregister, magda-onderwijs, davinci, housing): takes the
 * commands registration sends and answers each as `answer` decides, as an adapter would (the
 * command's id as causation, its correlation kept). Answers only commands from registration.
 */
export class FakeAdapters {
  readonly received: { type: string; data: Record<string, unknown> }[] = [];
  private held: HeldCommand[] = [];
  private answer: Answerer = () => 'no-answer';
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(
    answer: Answerer,
    types: readonly string[] = [
      'rijksregister.person.register.v1',
      'rijksregister.person.unregister.v1',
      'rijksregister.person.lookup.v1',
      'magda.onderwijs.enrolment-history.lookup.v1',
      'davinci.course-offers.search.v1',
      'davinci.enrolment.create.v1',
      'housing.placement.request.v1',
    ],
  ): Promise<FakeAdapters> {
    const connection = await connect(TEST_AMQP_URL);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of types) await channel.bindQueue(queue, 'toevlucht.commands', type);
    const fake = new FakeAdapters(connection, channel);
    fake.answer = answer;
    await channel.consume(queue, (message) => {
      if (message !== null) void fake.handle(message);
    });
    return fake;
  }

  private async handle(message: ConsumeMessage): Promise<void> {
    const decoded = decodeEnvelope({
      messageId: message.properties.messageId,
      type: message.properties.type,
      contentType: message.properties.contentType,
      headers: message.properties.headers ?? {},
      body: message.content,
    });
    if (!decoded.ok) {
      this.channel.ack(message);
      return;
    }
    const envelope = decoded.envelope;
    const data = envelope.data as Record<string, unknown>;
    if (data['requester'] !== 'registration') {
      this.channel.ack(message);
      return;
    }
    this.received.push({ type: envelope.type, data });
    await this.respond({
      type: envelope.type,
      data,
      correlationId: envelope.correlationId,
      id: envelope.id,
    });
    this.channel.ack(message);
  }

  private async respond(command: HeldCommand): Promise<void> {
    const reply = await this.answer(command.type, command.data);
    if (reply === 'hold') {
      this.held.push(command);
      return;
    }
    if (reply === 'no-answer') return;
    const contract = CONTRACTS.requirePublishable(reply.type, reply.data);
    const event = createEnvelope('fake-adapter', reply.type, reply.data, {
      schemaId: contract.schemaId,
      correlationId: command.correlationId,
      causationId: command.id,
    });
    this.channel.publish(
      'toevlucht.events',
      reply.type,
      encodeData(reply.data),
      toPublishOptions(event),
    );
  }

  /**
   * Publishes an event as an adapter would, unprompted (answers meant for others, strays); with
   * `id`, as a redelivery or replay of the message with that id would arrive.
   */
  publishEvent(type: string, data: Record<string, unknown>, id?: string): string {
    const contract = CONTRACTS.requirePublishable(type, data);
    const event = {
      ...createEnvelope('fake-adapter', type, data, { schemaId: contract.schemaId }),
      ...(id === undefined ? {} : { id }),
    };
    this.channel.publish('toevlucht.events', type, encodeData(data), toPublishOptions(event));
    return event.id;
  }

  /** The partner is back: answers every held command (or holds it again). */
  async releaseHeld(): Promise<number> {
    const held = this.held;
    this.held = [];
    for (const command of held) await this.respond(command);
    return held.length;
  }

  of(type: string): Record<string, unknown>[] {
    return this.received.filter((r) => r.type === type).map((r) => r.data);
  }

  async stop(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

/** The body as JSON, or undefined when it is empty or not JSON (CSV, HTML). */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
