import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Channel, type ChannelModel, connect, type ConsumeMessage } from 'amqplib';
import {
  COMMANDS_EXCHANGE,
  createEnvelope,
  encodeData,
  EVENTS_EXCHANGE,
  parkingLotName,
  retryQueueName,
  toPublishOptions,
} from '@toevlucht/messaging';
import { ServiceProcess, waitFor, waitForStatus } from '@toevlucht/testing';
import { DavinciSimulator } from '../../simulators/davinci/src/davinci-simulator';
import type { BrokerDefinitions } from './broker-permissions';

const ROOT = join(__dirname, '../..');
const SERVICE = 'davinci-adapter';
// This helper's port range (34000–34999) and its own vhost and user, removed afterwards.
const ADAPTER_PORT = 34012;
const SIMULATOR_PORT = 34021;
const RUN = `deploy-${randomBytes(3).toString('hex')}`;
const VHOST = RUN;
const USER = `${RUN}-${SERVICE}`;
const PASSWORD = randomBytes(12).toString('hex');

function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', ['-q', ...args], { stdio: 'ignore' });
}

const definitions = JSON.parse(
  readFileSync(join(ROOT, 'deploy/compose/rabbitmq/definitions.json'), 'utf8'),
) as Required<BrokerDefinitions>;
const permissions = definitions.permissions.find((entry) => entry.user === SERVICE)!;

/**
 * The compose file's RabbitMQ definitions on a real broker: the vhost's exchanges as defined,
 * and davinci-adapter started as a real process with only the permissions its definitions
 * entry gives (under a run-specific user name). It declares its topology, takes a command,
 * answers with an event, parks a malformed message, and is refused another service's queue.
 */
describe('the RabbitMQ definitions on a real broker', () => {
  let simulator: DavinciSimulator;
  let adapter: ServiceProcess;
  let admin: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    rabbitmqctl('add_vhost', VHOST);
    rabbitmqctl('set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*');
    rabbitmqctl('add_user', USER, PASSWORD);
    rabbitmqctl(
      'set_permissions',
      '-p',
      VHOST,
      USER,
      permissions.configure,
      permissions.write,
      permissions.read,
    );
    admin = await connect(`amqp://guest:guest@127.0.0.1:5672/${VHOST}`);
    // A refused or failed operation closes its channel; the test's assertion says what failed.
    admin.on('error', () => undefined);
    channel = await admin.createChannel();
    channel.on('error', () => undefined);
    for (const exchange of definitions.exchanges) {
      await channel.assertExchange(exchange.name, exchange.type, { durable: exchange.durable });
    }
    simulator = new DavinciSimulator({ host: '127.0.0.1', port: SIMULATOR_PORT });
    await simulator.start();
    adapter = new ServiceProcess({
      root: ROOT,
      entry: `dist/services/${SERVICE}/src/main.js`,
      env: {
        NODE_ENV: 'test',
        PORT: String(ADAPTER_PORT),
        AMQP_URL: `amqp://${USER}:${PASSWORD}@127.0.0.1:5672/${VHOST}`,
        DAVINCI_BASE_URL: simulator.url,
      },
    });
    await waitForStatus(`http://127.0.0.1:${ADAPTER_PORT}/health/ready`, 200, 30_000);
  }, 120_000);

  afterAll(async () => {
    try {
      await adapter?.stop();
      await simulator?.stop();
      await admin?.close().catch(() => undefined);
    } finally {
      rabbitmqctl('delete_user', USER);
      rabbitmqctl('delete_vhost', VHOST);
    }
  }, 120_000);

  it('lets the service declare its queues, retry tiers and parking lot', async () => {
    const queues = [
      SERVICE,
      retryQueueName(SERVICE, 1),
      retryQueueName(SERVICE, 4),
      parkingLotName(SERVICE),
    ];
    for (const queue of queues) {
      await waitFor(`queue ${queue}`, async () => {
        const probe = await admin.createChannel();
        probe.on('error', () => undefined);
        try {
          return await probe.checkQueue(queue);
        } finally {
          await probe.close().catch(() => undefined);
        }
      });
    }
  });

  it('lets the service consume a command and publish its answer event', async () => {
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, 'davinci.course-offers.found.v1');
    const answers: ConsumeMessage[] = [];
    await channel.consume(queue, (message) => message && answers.push(message), { noAck: true });
    const command = { subjectRef: 'p-1', requester: 'registration', postcode: '9000' };
    const envelope = createEnvelope('registration', 'davinci.course-offers.search.v1', command);
    channel.publish(
      COMMANDS_EXCHANGE,
      envelope.type,
      encodeData(command),
      toPublishOptions(envelope),
    );
    const [answer] = await waitFor('the answer event', () =>
      Promise.resolve(answers.length > 0 ? answers : undefined),
    );
    expect(answer!.properties.type).toBe('davinci.course-offers.found.v1');
  });

  it('lets the service park a malformed message through the default exchange', async () => {
    channel.sendToQueue(SERVICE, Buffer.from('not json'), { messageId: 'bad-1', type: 'nonsense' });
    await waitFor('the parked message', async () => {
      const { messageCount } = await channel.checkQueue(parkingLotName(SERVICE));
      return messageCount === 1 ? messageCount : undefined;
    });
  });

  it('refuses the service another service’s queue', async () => {
    await channel.assertQueue('registration', { durable: false, autoDelete: true });
    const intruder = await connect(`amqp://${USER}:${PASSWORD}@127.0.0.1:5672/${VHOST}`);
    try {
      const attempt = await intruder.createChannel();
      attempt.on('error', () => undefined);
      await expect(attempt.consume('registration', () => undefined)).rejects.toThrow(
        /ACCESS_REFUSED/,
      );
    } finally {
      await intruder.close().catch(() => undefined);
    }
  });
});
