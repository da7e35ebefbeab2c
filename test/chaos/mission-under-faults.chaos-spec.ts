import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { MeshInstance } from '../../tools/mesh-instance/mesh-instance';
import { claimableNowEnv } from '../../tools/mission';
import { SERVICES } from '../../tools/service-catalog';
import {
  compareParkingLots,
  describeParked,
  parkedMessages,
  waitForQuiet,
} from './end-state-audit';
import { FaultInjector } from './fault-injectors';
import { firstActMs, planFaults, runFaults } from './fault-plan';
import { Ledger } from './ledger';
import { type InjectedMessage, injectMalformedMessages } from './malformed-messages';
import { auditMission } from './mission-audit';
import { driveMission } from './mission-load';
import { type PatienceCounters, patientFetch } from './patient-fetch';
import { PrivateBroker } from './private-broker';
import { censusOf, parseBindings, pending, targetQueues } from './queue-census';

/*
 * The whole mission under faults (test/README.md, docs/fault-injection.md): hundreds of
 * households driven through the public APIs while every service is SIGKILLed once, the broker
 * application restarts, each partner is down for a while and bad messages land in every work
 * queue; then the end state must be exact. The ledger of what was done and found is printed
 * at the end, pass or fail.
 */

const NAME = 'chaos';
const PORT_BASE = Number(process.env['CHAOS_PORT_BASE'] ?? 22_000);
const HOUSEHOLDS = Number(process.env['CHAOS_HOUSEHOLDS'] ?? 200);
const CONCURRENCY = Number(process.env['CHAOS_CONCURRENCY'] ?? 8);
const OUTAGE_MS = Number(process.env['CHAOS_OUTAGE_MS'] ?? 20_000);
const FAULT_GAP_MS = Number(process.env['CHAOS_FAULT_GAP_MS'] ?? 6_000);
const SETTLE_TIMEOUT_MS = 120_000;

/**
 * Short retry tiers (a few seconds instead of minutes) that still outlast a 20 s partner
 * outage and a broker restart, so nothing real is parked for running out of tries.
 */
const SERVICE_ENV: NodeJS.ProcessEnv = {
  MESSAGE_RETRY_DELAYS_MS: '500,1000,2000,4000,8000,15000,30000',
  OUTBOX_POLL_INTERVAL_MS: '250',
  LOG_LEVEL: 'info',
};

const STATEFUL = ['registration', 'housing', 'subsidy', 'orafin-adapter'];

describe('the mission under faults (npm run test:chaos)', () => {
  const ledger = new Ledger();
  let broker: PrivateBroker | undefined;
  let mesh: MeshInstance | undefined;
  const plainFetch = globalThis.fetch;
  const patience: PatienceCounters = { retried: 0 };

  afterAll(async () => {
    globalThis.fetch = plainFetch;
    process.stdout.write(`\n${ledger.render('Fault-injection ledger')}\n\n`);
    await mesh?.destroy();
    await broker?.destroy();
  });

  it('accounts for every dossier, placement and payment, pays nothing twice, loses no message and ends ready', async () => {
    broker = await ledger.timed('private RabbitMQ node up', () =>
      PrivateBroker.start({
        name: NAME,
        amqpPort: PORT_BASE + 80,
        distPort: PORT_BASE + 81,
        directory: join(tmpdir(), `toevlucht-${NAME}-rabbitmq`),
      }),
    );
    const node = broker;
    mesh = await ledger.timed('mesh instance up (7 services, 3 simulators, token issuer)', () =>
      MeshInstance.start({
        name: NAME,
        portBase: PORT_BASE,
        env: SERVICE_ENV,
        // Subsidy claims only months that have ended: its clock runs to next month's first day.
        serviceEnv: { subsidy: claimableNowEnv() },
        broker: { amqpServerUrl: node.amqpServerUrl, rabbitmqctl: (...args) => node.ctl(...args) },
      }),
    );
    const instance = mesh;

    const census = censusOf(await broker.queues(instance.vhost));
    const bindings = parseBindings(
      await broker.ctl(
        'list_bindings',
        '-p',
        instance.vhost,
        '--no-table-headers',
        'source_name',
        'destination_name',
        'routing_key',
      ),
    );
    const targets = targetQueues(census.work, bindings);
    ledger.action(
      `${targets.length} work queues found: ${targets.map((queue) => queue.name).join(', ')}`,
    );

    // The mission's user keeps trying while a service restarts (patient-fetch.ts says how far).
    const origins = [
      ...new Set([instance.gatewayUrl, instance.url('housing'), instance.url('subsidy')]),
    ];
    globalThis.fetch = patientFetch(plainFetch, origins, 60_000, patience);

    const injected: InjectedMessage[] = [];
    const injector = new FaultInjector(instance, broker, ledger);
    const plan = planFaults(
      SERVICES.map((service) => service.name),
      OUTAGE_MS,
    );
    const injectMalformed = async (): Promise<void> => {
      const sent = await injectMalformedMessages(instance.amqpUrl, targets);
      injected.push(...sent);
      ledger.action(
        `published ${sent.length} malformed messages (${targets.length} queues × 4 kinds) with an independent AMQP client`,
      );
    };
    let paymentStarted: () => void = () => undefined;
    const payment = new Promise<void>((resolve) => (paymentStarted = resolve));
    let firstActEnded: () => void = () => undefined;
    const firstAct = new Promise<void>((resolve) => (firstActEnded = resolve));
    let householdsInFlight = true;
    let paymentInFlight = true;

    // Households are spread over the first act and the claim waits for its end, so every fault
    // meets work in flight however fast the machine is (unpaced, a quick machine finished the
    // mission before the first partner outage began, and the run tested little).
    const paceMs = Math.floor(firstActMs(plan.beforePayment, FAULT_GAP_MS, OUTAGE_MS) / HOUSEHOLDS);
    ledger.action(
      `mission load: ${HOUSEHOLDS} households, ${CONCURRENCY} at a time, one started every ${paceMs} ms at most`,
    );
    const mission = driveMission(instance, ledger, {
      households: HOUSEHOLDS,
      concurrency: CONCURRENCY,
      paceMs,
      beforeClaim: () => {
        householdsInFlight = false;
        return firstAct;
      },
      onPaymentStarted: () => paymentStarted(),
    }).finally(() => {
      householdsInFlight = false;
      paymentInFlight = false;
      paymentStarted();
    });
    const faults = (async () => {
      try {
        const first = await runFaults(
          plan.beforePayment,
          injector,
          ledger,
          FAULT_GAP_MS,
          injectMalformed,
          false,
          () => householdsInFlight,
        );
        firstActEnded();
        await payment;
        const second = await runFaults(
          plan.duringPayment,
          injector,
          ledger,
          2_000,
          injectMalformed,
          true,
          () => paymentInFlight,
        );
        return { first, second };
      } finally {
        firstActEnded();
      }
    })();
    const [report, hitLoad] = await Promise.all([mission, faults]);
    // A fault that finds nothing in flight tests nothing: the run must really be under load.
    ledger.finding(
      'faults of the first act begun while households were in flight',
      plan.beforePayment.length,
      hitLoad.first,
    );
    ledger.finding(
      'faults of the payment act begun while the payment was in flight',
      plan.duringPayment.length,
      hitLoad.second,
    );
    ledger.action(`the mission's user retried ${patience.retried} request(s) during restarts`);

    const databases = Object.fromEntries(
      STATEFUL.map((service) => [service, instance.databaseUrl(service)]),
    );
    const settled = await ledger.timed('waiting for queues and outboxes to drain', () =>
      waitForQuiet(node, instance.vhost, databases, SETTLE_TIMEOUT_MS),
    );

    await auditMission(instance, ledger, HOUSEHOLDS, report);

    for (const [service, unsent] of Object.entries(settled.unsent)) {
      ledger.finding(`outbox unsent rows (${service})`, 0, unsent);
    }
    const left = [...settled.census.work, ...settled.census.retry].filter(
      (queue) => queue.ready + queue.unacked > 0,
    );
    for (const queue of left) {
      ledger.action(`left in ${queue.name}: ${queue.ready} ready, ${queue.unacked} unacked`);
    }
    ledger.finding(
      `messages left in the ${settled.census.work.length} work queues (ready+unacked)`,
      0,
      pending(settled.census.work),
    );
    ledger.finding(
      `messages left in the ${settled.census.retry.length} retry queues (ready+unacked)`,
      0,
      pending(settled.census.retry),
    );
    const parked = await parkedMessages(
      instance.amqpUrl,
      settled.census.work.map((queue) => queue.name),
    );
    const parkedIds = Object.fromEntries(
      Object.entries(parked).map(([queue, entries]) => [queue, entries.map((entry) => entry.id)]),
    );
    for (const lot of compareParkingLots(injected, parkedIds)) {
      const unexpected = new Set(lot.unexpected);
      const real = (parked[lot.queue] ?? []).filter((entry) => unexpected.has(entry.id));
      for (const line of describeParked(real)) {
        ledger.action(`parked in ${lot.queue} though not injected: ${line}`);
      }
      ledger.finding(`parking lot ${lot.queue}: injected ids parked`, lot.injected, lot.matched);
      ledger.finding(`parking lot ${lot.queue}: other messages`, 0, lot.unexpected.length);
      ledger.finding(`parking lot ${lot.queue}: parked twice`, 0, lot.duplicated.length);
    }
    ledger.finding('malformed messages injected', census.work.length * 4, injected.length);

    const ready = await instance.isReady();
    for (const [process, isReady] of Object.entries(ready)) {
      ledger.finding(`${process} ready at the end`, 'true', String(isReady));
    }
    ledger.finding(
      'processes that crashed on their own',
      '-',
      Object.keys(instance.crashes()).join(', ') || '-',
    );

    expect(ledger.failed).toEqual([]);
  });
});
