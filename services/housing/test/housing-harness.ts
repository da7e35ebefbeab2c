import { join } from 'node:path';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { Client } from 'pg';
import {
  ContractRegistry,
  createEnvelope,
  decodeEnvelope,
  encodeData,
  toPublishOptions,
} from '@toevlucht/messaging';
import { findProjectRoot, openApiSetUp } from '@toevlucht/runtime';
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
import type { HousingSettings } from '../src/housing.config';
import { DEFAULT_HOUSING_SETTINGS, housingModule } from '../src/housing.module';
import { HOUSING_API } from '../src/http/openapi';

const root = findProjectRoot();
export const CONTRACTS = ContractRegistry.fromDirectory(join(root, 'contracts/messages'));

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/**
 * Housing in this process, its own database and a token issuer it trusts. With `replicas` > 1,
 * that many instances share the database and the work queue, as replicas in production do.
 */
export class HousingHarness {
  private constructor(
    readonly replicas: readonly TestService[],
    readonly issuer: DevTokenIssuer,
    readonly database: TestDatabase,
    readonly name: string,
  ) {}

  get service(): TestService {
    const first = this.replicas[0];
    if (first === undefined) throw new Error('no replica');
    return first;
  }

  static async start(
    purpose: string,
    options: {
      replicas?: number;
      settings?: Partial<HousingSettings>;
      issuer?: DevTokenIssuer;
    } = {},
  ): Promise<HousingHarness> {
    const issuer = options.issuer ?? (await startTestTokenIssuer());
    const database = testDatabase(`housing_${purpose}`);
    const name = `housing-test-${purpose}-${process.pid}`;
    const replicas: TestService[] = [];
    // One after the other: the first migrates, the others find the schema current.
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      replicas.push(
        await startTestService({
          name,
          module: housingModule(
            { ...DEFAULT_HOUSING_SETTINGS, ...options.settings },
            { NODE_ENV: 'test', ...issuer.env() },
          ),
          contracts: CONTRACTS,
          databaseUrl: database.url,
          migrationsFolder: join(root, 'services/housing/migrations'),
          configureHttp: openApiSetUp(HOUSING_API),
          env: { LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '4' },
        }),
      );
    }
    return new HousingHarness(replicas, issuer, database, name);
  }

  async stop(options: { keepIssuer?: boolean } = {}): Promise<void> {
    for (const replica of this.replicas) await replica.stop();
    if (options.keepIssuer !== true) await this.issuer.close();
    await deleteServiceQueues(this.name);
    await this.database.drop();
  }

  token(role: string, options: { sub?: string; nis?: string } = {}): Promise<string> {
    return this.issuer.mint({
      roles: [role],
      sub: options.sub ?? `user-${role}`,
      ...(options.nis === undefined ? {} : { nis: options.nis }),
    });
  }

  /** A coordinator token of a registered coordinator of `nis`. */
  async coordinator(nis: string, sub = `coordinator-${nis}`): Promise<string> {
    const admin = await this.token('beheerder');
    const answer = await this.call('POST', '/api/v1/coordinators', {
      token: admin,
      body: { subject: sub, nisCode: nis },
    });
    if (answer.status !== 201)
      throw new Error(`coordinator registration: ${answer.status} ${answer.text}`);
    return this.token('gemeentelijk-coordinator', { sub, nis });
  }

  async call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      replica?: number;
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
    const replica = this.replicas[options.replica ?? 0] ?? this.service;
    const response = await fetch(`${replica.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
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
}

export interface Captured {
  readonly type: string;
  readonly data: Record<string, any>;
  readonly causationId?: string;
}

/** Publishes commands and events as another service would, and records housing's events. */
export class Mesh {
  readonly events: Captured[] = [];
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async start(types: readonly string[]): Promise<Mesh> {
    const connection = await connect(TEST_AMQP_URL);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of types) await channel.bindQueue(queue, 'toevlucht.events', type);
    const mesh = new Mesh(connection, channel);
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const decoded = decodeEnvelope({
          messageId: message.properties.messageId,
          type: message.properties.type,
          contentType: message.properties.contentType,
          headers: message.properties.headers ?? {},
          body: message.content,
        });
        if (decoded.ok) {
          mesh.events.push({
            type: decoded.envelope.type,
            data: decoded.envelope.data as Record<string, any>,
            ...(decoded.envelope.causationId === undefined
              ? {}
              : { causationId: decoded.envelope.causationId }),
          });
        }
      },
      { noAck: true },
    );
    return mesh;
  }

  /** Sends a command or event from `source`; returns its message id. */
  send(type: string, data: Record<string, unknown>, source = 'registration'): string {
    const contract = CONTRACTS.requirePublishable(type, data);
    const envelope = createEnvelope(source, type, data, { schemaId: contract.schemaId });
    const exchange = contract.kind === 'command' ? 'toevlucht.commands' : 'toevlucht.events';
    this.channel.publish(exchange, type, encodeData(data), toPublishOptions(envelope));
    return envelope.id;
  }

  of(type: string, dossierIds?: ReadonlySet<string>): Captured[] {
    return this.events.filter(
      (e) =>
        e.type === type &&
        (dossierIds === undefined || dossierIds.has(String(e.data['dossierId']))),
    );
  }

  async stop(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A valid public offer; override what a test is about. */
export function anOffer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    offerer: { name: 'Jan Peeters', email: 'jan.peeters@example.org' },
    address: { street: 'Kerkstraat', houseNumber: '12', postcode: '3000' },
    type: 'separate-dwelling',
    capacity: 4,
    availableFrom: new Date().toISOString().slice(0, 10),
    accessible: false,
    ...overrides,
  };
}

/** Waits until `probe` (over what the test has already received) returns a value. */
export function until<T>(
  description: string,
  probe: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  return waitFor(description, () => Promise.resolve(probe()), timeoutMs);
}
