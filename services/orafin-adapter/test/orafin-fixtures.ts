import { randomBytes } from 'node:crypto';
import { connect, type ConfirmChannel } from 'amqplib';
import {
  COMMANDS_EXCHANGE,
  createEnvelope,
  encodeData,
  toPublishOptions,
} from '@toevlucht/messaging';
import {
  type CollectedEvent,
  EventCollector,
  freePort,
  ServiceProcess,
  TEST_AMQP_URL,
  waitForStatus,
} from '@toevlucht/testing';
import { findProjectRoot } from '@toevlucht/runtime';
import type { OrafinPaymentOrderSubmitV1 } from '../../../contracts/generated/message-payloads';
import { OrafinSftpSimulator } from '../../../simulators/orafin-sftp/src/orafin-sftp-simulator';
import type { SftpFaults } from '../../../simulators/orafin-sftp/src/faults';
import { structuredReferenceFor } from '../src/payment-orders/domain/structured-reference';

export const SUBMIT = 'orafin.payment-order.submit.v1';
/** The retry tiers the test adapter declares (MESSAGE_RETRY_DELAYS_MS below). */
export const RETRY_TIERS = 3;
const SFTP_PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

/** Payment orders with distinct valid references and keys, numbered from `from`. */
export function paymentOrders(count: number, from = 1): OrafinPaymentOrderSubmitV1[] {
  const run = randomBytes(3).toString('hex');
  const base = Math.floor(Math.random() * 1_000_000) * 1_000;
  return Array.from({ length: count }, (_, index) => ({
    paymentReference: structuredReferenceFor(base + from + index),
    idempotencyKey: `claim-${run}-${from + index}`,
    requester: 'subsidy',
    beneficiary: { name: `Gemeente ${from + index}`, iban: 'BE71 0961 2345 6769' },
    amountCents: 10_000 + from + index,
    currency: 'EUR' as const,
    communication: 'Opvangsubsidie test',
  }));
}

/** A seeded random source (mulberry32), so a failure rate fails the same uploads every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function startSimulator(faults: Partial<SftpFaults> = {}, seed = 7) {
  const simulator = new OrafinSftpSimulator({
    random: seededRandom(seed),
    host: '127.0.0.1',
    sftpPort: 0,
    adminPort: 0,
    username: 'toevlucht',
    password: SFTP_PASSWORD,
    faults: { betFileDelayMs: 200, ...faults },
  });
  await simulator.start();
  return simulator;
}

/** The simulator's fault controls, through its HTTP admin endpoint as an operator would. */
export async function setFaults(
  simulator: OrafinSftpSimulator,
  faults: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${simulator.adminUrl}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`faults not set: ${await response.text()}`);
}

/** The orafin-adapter as a real process against the simulator, with short test intervals. */
export async function startAdapter(
  databaseUrl: string,
  simulator: OrafinSftpSimulator,
  env: Record<string, string> = {},
): Promise<{ process: ServiceProcess; url: string }> {
  const port = await freePort();
  const process = new ServiceProcess({
    root: findProjectRoot(),
    entry: 'dist/services/orafin-adapter/src/main.js',
    env: {
      NODE_ENV: 'test',
      PORT: String(port),
      AMQP_URL: TEST_AMQP_URL,
      DATABASE_URL: databaseUrl,
      OUTBOX_POLL_INTERVAL_MS: '200',
      MESSAGE_RETRY_DELAYS_MS: '200,500,1000',
      ORAFIN_SFTP_PORT: String(simulator.sftpPort),
      ORAFIN_SFTP_PASSWORD: SFTP_PASSWORD,
      ORAFIN_SFTP_TIMEOUT_MS: '2000',
      ORAFIN_BATCH_MAX_SIZE: '50',
      ORAFIN_BATCH_MAX_WAIT_MS: '300',
      ORAFIN_UPLOAD_INTERVAL_MS: '100',
      ORAFIN_ANSWER_POLL_INTERVAL_MS: '200',
      ORAFIN_RETRY_MAX_DELAY_MS: '1000',
      ORAFIN_SFTP_BREAKER_RESET_TIMEOUT_MS: '2000',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/health/ready`, 200, 30_000);
  return { process, url };
}

/**
 * The orafin.payment-order events of the orders a test watches, and the orafin-adapter's breaker
 * changes. Other tests on the same broker publish such events too (another service's tests may
 * play Orafin's answers): only this test's payment references count.
 */
export class OrafinEvents {
  private readonly references = new Set<string>();
  private constructor(private readonly collector: EventCollector) {}

  /** Counts events of these orders from now on (call before sending them). */
  watch(orders: readonly { paymentReference: string }[]): void {
    for (const order of orders) this.references.add(order.paymentReference);
  }

  static async start(): Promise<OrafinEvents> {
    return new OrafinEvents(
      await EventCollector.start([
        'orafin.payment-order.#',
        'integration.breaker.state-changed.v1',
      ]),
    );
  }

  ofType(type: string): CollectedEvent[] {
    return this.collector
      .ofType(type)
      .filter((event) => this.references.has(String(event.data['paymentReference'])));
  }

  breakerStates(service: string): string[] {
    return this.collector
      .ofType('integration.breaker.state-changed.v1')
      .filter((event) => event.data['service'] === service)
      .map((event) => String(event.data['state']));
  }

  /** Final events: paid, or rejected at any stage. */
  finalReferences(): string[] {
    return this.collector.events
      .filter((e) => e.type.endsWith('.paid.v1') || e.type.endsWith('.rejected.v1'))
      .filter((e) => this.references.has(String(e.data['paymentReference'])))
      .map((e) => String(e.data['paymentReference']));
  }

  stop(): Promise<void> {
    return this.collector.stop();
  }
}

/** Sends submit commands as the subsidy service would (confirmed, persistent). */
export async function sendCommands(
  commands: readonly OrafinPaymentOrderSubmitV1[],
  sameMessageTwice = false,
): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel: ConfirmChannel = await connection.createConfirmChannel();
    for (const command of commands) {
      const envelope = createEnvelope('subsidy', SUBMIT, command);
      const copies = sameMessageTwice ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        channel.publish(COMMANDS_EXCHANGE, SUBMIT, encodeData(command), {
          ...toPublishOptions(envelope),
          mandatory: true,
        });
      }
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}
