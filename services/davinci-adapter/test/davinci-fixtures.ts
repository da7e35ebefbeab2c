import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import {
  COMMANDS_EXCHANGE,
  createEnvelope,
  encodeData,
  parkingLotName,
  toPublishOptions,
} from '@toevlucht/messaging';
import { findProjectRoot } from '@toevlucht/runtime';
import {
  type CollectedEvent,
  EventCollector,
  freePort,
  ServiceProcess,
  TEST_AMQP_URL,
  waitForStatus,
} from '@toevlucht/testing';
import { DavinciSimulator } from '../../../simulators/davinci/src/davinci-simulator';

export const ADAPTER_QUEUE = 'davinci-adapter';

export async function startDavinci(): Promise<DavinciSimulator> {
  const simulator = new DavinciSimulator({ host: '127.0.0.1', port: 0 });
  await simulator.start();
  return simulator;
}

/** The simulator's fault controls, through its HTTP admin endpoint. */
export async function setDavinciFaults(
  simulator: DavinciSimulator,
  faults: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${simulator.url}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`faults not set: ${await response.text()}`);
}

/** The davinci-adapter as a real process against the simulator, with short test timings. */
export async function startAdapter(simulator: DavinciSimulator) {
  const port = await freePort();
  const process = new ServiceProcess({
    root: findProjectRoot(),
    entry: 'dist/services/davinci-adapter/src/main.js',
    env: {
      NODE_ENV: 'test',
      PORT: String(port),
      AMQP_URL: TEST_AMQP_URL,
      DAVINCI_BASE_URL: simulator.url,
      DAVINCI_BREAKER_TIMEOUT_MS: '1000',
      DAVINCI_BREAKER_VOLUME_THRESHOLD: '3',
      DAVINCI_BREAKER_RESET_TIMEOUT_MS: '1000',
      DAVINCI_RETRY_BASE_MS: '50',
      DAVINCI_RETRY_MAX_MS: '200',
      MESSAGE_RETRY_DELAYS_MS: '200,500,1000,2000,4000',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/health/ready`, 200, 30_000);
  return { process, url };
}

/** DAVINCI results of this run's requester, and the davinci-adapter's breaker changes. */
export class DavinciEvents {
  readonly requester = `test-${randomBytes(3).toString('hex')}`;
  private constructor(private readonly collector: EventCollector) {}

  static async start(): Promise<DavinciEvents> {
    return new DavinciEvents(
      await EventCollector.start(['davinci.#', 'integration.breaker.state-changed.v1']),
    );
  }

  /** Other runs' results and other services' breakers are not this test's. */
  ofType(type: string): CollectedEvent[] {
    return this.collector
      .ofType(type)
      .filter(
        (event) =>
          event.data['requester'] === this.requester || event.data['service'] === 'davinci-adapter',
      );
  }

  stop(): Promise<void> {
    return this.collector.stop();
  }
}

/** Sends commands as the registration service would. */
export async function sendCommands(type: string, commands: readonly object[]): Promise<void> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createConfirmChannel();
    for (const command of commands) {
      const envelope = createEnvelope('registration', type, command);
      channel.publish(COMMANDS_EXCHANGE, type, encodeData(command), {
        ...toPublishOptions(envelope),
        mandatory: true,
      });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

export async function parkedCount(): Promise<number> {
  const connection = await connect(TEST_AMQP_URL);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(parkingLotName(ADAPTER_QUEUE));
    return messageCount;
  } finally {
    await connection.close();
  }
}
