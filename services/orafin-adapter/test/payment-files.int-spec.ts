import { appendFileSync } from 'node:fs';
import { Client } from 'pg';
import {
  type ServiceProcess,
  deleteServiceQueues,
  testDatabase,
  type TestDatabase,
  waitFor,
} from '@toevlucht/testing';
import type { OrafinSftpSimulator } from '../../../simulators/orafin-sftp/src/orafin-sftp-simulator';
import {
  RETRY_TIERS,
  OrafinEvents,
  paymentOrders,
  sendCommands,
  setFaults,
  startAdapter,
  startSimulator,
} from './orafin-fixtures';

// Set to a file path to keep the adapter's log lines of every test there.
const DEBUG_LOG = process.env['ORAFIN_TEST_LOG'];

/**
 * The payment file saga over real sockets: the adapter as a process, the SFTP simulator, the
 * shared RabbitMQ and a PostgreSQL database of its own per test.
 */
describe('orafin-adapter payment files', () => {
  let database: TestDatabase;
  let simulator: OrafinSftpSimulator | undefined;
  let collector: OrafinEvents | undefined;
  const processes: ServiceProcess[] = [];

  // The adapter's queues outlive a test (a killed adapter's unacked commands, retries waiting in
  // a tier): each test starts without them, so no other test's orders reach its ledger.
  beforeEach(async () => {
    await deleteServiceQueues('orafin-adapter', ['default'], RETRY_TIERS);
    database = testDatabase('orafin');
  });

  // Each step on its own: one failing (a broker blip) must not leave the others running.
  afterEach(async () => {
    for (const process of processes.splice(0)) {
      if (process.isRunning) await process.stop().catch(() => undefined);
      if (DEBUG_LOG !== undefined) appendFileSync(DEBUG_LOG, `${process.stdout.join('\n')}\n`);
    }
    await collector?.stop();
    collector = undefined;
    await simulator?.stop().catch(() => undefined);
    simulator = undefined;
    await database.drop();
  });

  afterAll(async () => {
    await deleteServiceQueues('orafin-adapter', ['default'], RETRY_TIERS);
  });

  async function query<T>(text: string): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  function receivedReferences(sim: OrafinSftpSimulator): string[] {
    return sim.processor.received.flatMap((file) => file.references);
  }

  /** The files and references of these orders among all the simulator received. */
  function receivedOf(sim: OrafinSftpSimulator, orders: readonly { paymentReference: string }[]) {
    const ours = new Set(orders.map((order) => order.paymentReference));
    return {
      files: sim.processor.received.filter((file) => file.references.some((r) => ours.has(r))),
      references: receivedReferences(sim).filter((reference) => ours.has(reference)),
    };
  }

  it('pays 300 orders exactly once through 20% failed uploads and a 15 s outage', async () => {
    simulator = await startSimulator({ uploadFailureRate: 0.2 });
    collector = await OrafinEvents.start();
    const adapter = await startAdapter(database.url, simulator, { ORAFIN_BATCH_MAX_SIZE: '25' });
    processes.push(adapter.process);
    const orders = paymentOrders(300);
    collector.watch(orders);

    await sendCommands(orders.slice(0, 150));
    await waitFor('a first file received', () =>
      Promise.resolve(simulator!.processor.received.length > 0 ? true : undefined),
    );
    await setFaults(simulator, { outageMs: 15_000 });
    await sendCommands(orders.slice(150));
    // The same orders sent again by a subsidy service that lost track: recorded once.
    await sendCommands(orders.slice(0, 30));

    await waitFor(
      '300 final events',
      () => Promise.resolve(collector!.finalReferences().length >= 300 ? true : undefined),
      55_000,
      250,
    );
    // Other suites on the shared broker may send submit commands of their own while this
    // adapter's queue is bound; the simulator then receives those too. Ours: each exactly once.
    const all = receivedReferences(simulator);
    const ours = new Set(orders.map((order) => order.paymentReference));
    const received = all.filter((reference) => ours.has(reference));
    expect(received).toHaveLength(300);
    expect(new Set(received)).toEqual(ours);
    expect(new Set(all).size).toBe(all.length);
    expect(collector.ofType('orafin.payment-order.paid.v1')).toHaveLength(300);
    expect(collector.ofType('orafin.payment-order.rejected.v1')).toHaveLength(0);
    expect(new Set(collector.finalReferences()).size).toBe(300);
    expect(simulator.stats.failedUploads).toBeGreaterThan(0);
    expect(simulator.stats.droppedConnections).toBeGreaterThan(0);
    // The outage opened the breaker (announced) and it closed again.
    const states = collector.breakerStates('orafin-adapter');
    expect(states).toContain('open');
    expect(states[states.length - 1]).toBe('closed');
  }, 90_000);

  it('never sends an order twice when killed after an upload, before recording it', async () => {
    simulator = await startSimulator({ renameReplyDelayMs: 5_000 });
    collector = await OrafinEvents.start();
    const first = await startAdapter(database.url, simulator);
    processes.push(first.process);
    const orders = paymentOrders(40);
    collector.watch(orders);
    await sendCommands(orders);

    await waitFor('the InFile in the drop', () =>
      Promise.resolve(receivedOf(simulator!, orders).files.length === 1 ? true : undefined),
    );
    first.process.signal('SIGKILL');
    // The crash window was hit: the file is in Orafin's hands, the ledger does not know yet.
    const [batch] = await query<{ status: string }>(
      'SELECT status FROM payment_batches WHERE sequence = 1',
    );
    expect(batch?.status).toBe('prepared');

    await setFaults(simulator, { renameReplyDelayMs: 0 });
    const second = await startAdapter(database.url, simulator);
    processes.push(second.process);
    await waitFor('40 final events', () =>
      Promise.resolve(collector!.finalReferences().length >= 40 ? true : undefined),
    );

    expect(receivedOf(simulator, orders).files).toHaveLength(1);
    expect(receivedOf(simulator, orders).references).toHaveLength(40);
    expect(new Set(receivedReferences(simulator)).size).toBe(receivedReferences(simulator).length);
    expect(collector.ofType('orafin.payment-order.paid.v1')).toHaveLength(40);
    expect(collector.ofType('orafin.payment-order.rejected.v1')).toHaveLength(0);
  }, 60_000);

  it('ends its SFTP session when the connection holding the drop lock is lost, and still pays once', async () => {
    simulator = await startSimulator({ renameReplyDelayMs: 5_000 });
    collector = await OrafinEvents.start();
    const adapter = await startAdapter(database.url, simulator);
    processes.push(adapter.process);
    const orders = paymentOrders(20);
    collector.watch(orders);
    await sendCommands(orders);

    await waitFor('the InFile in the drop', () =>
      Promise.resolve(receivedOf(simulator!, orders).files.length === 1 ? true : undefined),
    );
    // The server frees the lock with the connection: another replica could take it now, so the
    // session that was uploading must not go on.
    const terminated = await query<{ pid: number }>(
      `SELECT pg_terminate_backend(l.pid) AS terminated, l.pid FROM pg_locks l
         JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '${database.name}'`,
    );
    expect(terminated).toHaveLength(1);
    await adapter.process.waitForLog('the session ended', (entry) =>
      String(entry['msg']).startsWith('the database connection holding the drop lock was lost'),
    );

    await setFaults(simulator, { renameReplyDelayMs: 0 });
    await waitFor('20 final events', () =>
      Promise.resolve(collector!.finalReferences().length >= 20 ? true : undefined),
    );
    expect(adapter.process.isRunning).toBe(true);
    expect(receivedOf(simulator, orders).files).toHaveLength(1);
    expect(collector.ofType('orafin.payment-order.paid.v1')).toHaveLength(20);
  }, 60_000);

  it('sends no event twice when killed after applying an answer file, before archiving it', async () => {
    simulator = await startSimulator({ archiveHang: true });
    collector = await OrafinEvents.start();
    const first = await startAdapter(database.url, simulator);
    processes.push(first.process);
    const orders = paymentOrders(20);
    collector.watch(orders);
    await sendCommands(orders);

    await waitFor('20 acceptances', () =>
      Promise.resolve(
        collector!.ofType('orafin.payment-order.accepted.v1').length >= 20 ? true : undefined,
      ),
    );
    // The OutFile is applied and recorded, its move to the archive hangs: kill it there.
    expect(simulator.files.list('/out').map((file) => file.name)).toContain('TVL_OUT_000001.txt');
    first.process.signal('SIGKILL');

    await setFaults(simulator, { archiveHang: false });
    const second = await startAdapter(database.url, simulator);
    processes.push(second.process);
    await waitFor('20 payments', () =>
      Promise.resolve(
        collector!.ofType('orafin.payment-order.paid.v1').length >= 20 ? true : undefined,
      ),
    );
    await waitFor('the OutFile archived', () =>
      Promise.resolve(simulator!.files.get('/archive/TVL_OUT_000001.txt') ? true : undefined),
    );
    expect(collector.ofType('orafin.payment-order.accepted.v1')).toHaveLength(20);
    expect(collector.ofType('orafin.payment-order.paid.v1')).toHaveLength(20);
    expect(new Set(receivedOf(simulator, orders).references).size).toBe(20);
    expect(receivedOf(simulator, orders).references).toHaveLength(20);
  }, 60_000);

  it('reports orders the bank refuses at execution as rejected, the others as paid', async () => {
    simulator = await startSimulator({ betRefusalRate: 0.5 });
    collector = await OrafinEvents.start();
    const adapter = await startAdapter(database.url, simulator);
    processes.push(adapter.process);
    const orders = paymentOrders(12);
    collector.watch(orders);
    await sendCommands(orders);

    await waitFor('12 final events', () =>
      Promise.resolve(collector!.finalReferences().length >= 12 ? true : undefined),
    );
    const refused = collector.ofType('orafin.payment-order.rejected.v1');
    const paid = collector.ofType('orafin.payment-order.paid.v1');
    expect(refused.length).toBeGreaterThan(0);
    expect(paid.length).toBeGreaterThan(0);
    expect(refused.length + paid.length).toBe(12);
    expect(refused.every((event) => event.data['stage'] === 'execution')).toBe(true);
    expect(refused[0]!.data['reasonCode']).toBe('ACCT');
    const statuses = await query<{ status: string; count: string }>(
      `SELECT status, count(*) FROM payment_orders WHERE reference IN (${orders
        .map((order) => `'${order.paymentReference}'`)
        .join(',')}) GROUP BY status ORDER BY status`,
    );
    expect(statuses).toEqual([
      { status: 'paid', count: String(paid.length) },
      { status: 'refused', count: String(refused.length) },
    ]);
  }, 60_000);

  it('applies nothing of a truncated OutFile, and answers bad orders as business rejections', async () => {
    simulator = await startSimulator({ truncateOutFiles: true });
    collector = await OrafinEvents.start();
    const adapter = await startAdapter(database.url, simulator);
    processes.push(adapter.process);
    const [good, badIban, badReference, reused] = paymentOrders(4);
    collector.watch([good!, badIban!, { paymentReference: '000000000102' }]);
    await sendCommands([
      good!,
      { ...badIban!, beneficiary: { name: 'X', iban: 'BE00 0961 2345 6769' } },
      { ...badReference!, paymentReference: '000000000102' },
      { ...reused!, paymentReference: good!.paymentReference },
    ]);

    await waitFor('the truncated OutFile recorded as invalid', async () => {
      const rows = await query<{ outcome: string }>(
        "SELECT outcome FROM received_files WHERE kind = 'out'",
      ).catch(() => []);
      return rows[0]?.outcome === 'invalid' ? true : undefined;
    });
    await waitFor('three rejections', () =>
      Promise.resolve(
        collector!.ofType('orafin.payment-order.rejected.v1').length >= 3 ? true : undefined,
      ),
    );
    const reasons = collector
      .ofType('orafin.payment-order.rejected.v1')
      .map((event) => [event.data['stage'], event.data['reasonCode']]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['validation', 'INVALID_IBAN'],
        ['validation', 'INVALID_REFERENCE'],
        ['validation', 'REFERENCE_REUSED'],
      ]),
    );
    const [order] = await query<{ status: string }>(
      `SELECT status FROM payment_orders WHERE reference = '${good!.paymentReference}'`,
    );
    expect(order?.status).toBe('sent');
    expect(collector.ofType('orafin.payment-order.accepted.v1')).toHaveLength(0);
    expect(collector.ofType('orafin.payment-order.paid.v1')).toHaveLength(0);
  }, 60_000);
});
