import { deleteServiceQueues, httpGet, type ServiceProcess, waitFor } from '@toevlucht/testing';
import type { DavinciSimulator } from '../../../simulators/davinci/src/davinci-simulator';
import {
  DavinciEvents,
  parkedCount,
  sendCommands,
  setDavinciFaults,
  startAdapter,
  startDavinci,
} from './davinci-fixtures';

/** The davinci-adapter as a process, the DAVINCI simulator over HTTP, the shared RabbitMQ. */
describe('davinci-adapter', () => {
  let simulator: DavinciSimulator;
  let events: DavinciEvents;
  let adapter: { process: ServiceProcess; url: string };

  beforeAll(async () => {
    // Commands left in the adapter's queues by an earlier, interrupted run are not this run's.
    await deleteServiceQueues('davinci-adapter', ['default'], 5);
    simulator = await startDavinci();
    events = await DavinciEvents.start();
    adapter = await startAdapter(simulator);
  });

  afterAll(async () => {
    await adapter.process.stop();
    await events.stop();
    await simulator.stop();
    await deleteServiceQueues('davinci-adapter', ['default'], 5);
  });

  const learner = { firstName: 'Olena', lastName: 'Kovalenko', birthDate: '1990-04-02' };

  it('finds offers near a postcode, nearest first, with lesson moments to enrol in', async () => {
    await sendCommands('davinci.course-offers.search.v1', [
      { subjectRef: 'p-1', requester: events.requester, postcode: '9000', level: '1.1' },
    ]);
    const [found] = await waitFor('the offers', () =>
      Promise.resolve(
        events.ofType('davinci.course-offers.found.v1').length > 0
          ? events.ofType('davinci.course-offers.found.v1')
          : undefined,
      ),
    );
    const offers = found!.data['offers'] as {
      postcode: string;
      level: string;
      lessonMomentSlots: unknown[];
    }[];
    expect(offers[0]!.postcode).toBe('9000');
    expect(offers.every((offer) => offer.level === '1.1')).toBe(true);
    expect(offers[0]!.lessonMomentSlots).toHaveLength(3);
  });

  it('refuses a full lesson moment as a business answer, and enrols once per key', async () => {
    await sendCommands('davinci.enrolment.create.v1', [
      {
        subjectRef: 'p-2',
        requester: events.requester,
        enrolmentKey: 'need-2-v1',
        learner,
        offerId: 'MV-9000-11',
        lessonMomentId: 'MV-9000-11-ZAT',
      },
    ]);
    const enrolment = {
      subjectRef: 'p-3',
      requester: events.requester,
      enrolmentKey: 'need-3-v1',
      learner,
      offerId: 'MV-9000-11',
      lessonMomentId: 'MV-9000-11-AVOND',
      feeExemptionRequested: true,
    };
    // The same enrolment sent twice (a requester that retried): one plaatsing.
    await sendCommands('davinci.enrolment.create.v1', [enrolment, enrolment]);

    const [refused] = await waitFor('the refusal', () =>
      Promise.resolve(
        events.ofType('davinci.enrolment.refused.v1').length > 0
          ? events.ofType('davinci.enrolment.refused.v1')
          : undefined,
      ),
    );
    expect(refused!.data).toMatchObject({ subjectRef: 'p-2', reason: 'full' });
    const confirmed = await waitFor('two confirmations', () =>
      Promise.resolve(
        events.ofType('davinci.enrolment.confirmed.v1').length >= 2
          ? events.ofType('davinci.enrolment.confirmed.v1')
          : undefined,
      ),
    );
    expect(new Set(confirmed.map((event) => event.data['placementId'])).size).toBe(1);
    expect(confirmed[0]!.data).toMatchObject({
      placementStatus: 'ingeschreven',
      paymentStatus: 'vrijgesteld',
    });
    const registrationId = confirmed[0]!.data['registrationId'];
    expect(
      simulator.state.allPlaatsingen().filter((p) => p.aanmeldingId === registrationId),
    ).toHaveLength(1);

    await sendCommands('davinci.enrolment.status.v1', [
      {
        subjectRef: 'p-3',
        requester: events.requester,
        placementId: confirmed[0]!.data['placementId'],
      },
    ]);
    const [status] = await waitFor('the status', () =>
      Promise.resolve(
        events.ofType('davinci.enrolment.status-changed.v1').length > 0
          ? events.ofType('davinci.enrolment.status-changed.v1')
          : undefined,
      ),
    );
    expect(status!.data).toMatchObject({
      placementStatus: 'ingeschreven',
      paymentStatus: 'vrijgesteld',
    });
    expect(await parkedCount()).toBe(0);
  });

  it('pauses consuming during a DAVINCI outage and recovers without parking anything', async () => {
    const before = events.ofType('davinci.course-offers.found.v1').length;
    await setDavinciFaults(simulator, { outageMs: 6_000 });
    await sendCommands(
      'davinci.course-offers.search.v1',
      Array.from({ length: 10 }, (_, i) => ({
        subjectRef: `outage-${i}`,
        requester: events.requester,
        postcode: '2000',
      })),
    );
    await waitFor('the breaker open and the consumer paused', async () => {
      const metrics = String((await httpGet(`${adapter.url}/metrics`)).body);
      return /toevlucht_consumer_paused\{[^}]*queue="davinci-adapter"[^}]*\} 1/.test(metrics)
        ? true
        : undefined;
    });
    // Degraded, not down: the process is fine, its messages wait in the queue.
    const ready = await httpGet(`${adapter.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toMatch(/"breaker:davinci":\{"status":"degraded"/);

    await waitFor(
      'all ten searches answered',
      () =>
        Promise.resolve(
          events.ofType('davinci.course-offers.found.v1').length >= before + 10 ? true : undefined,
        ),
      40_000,
    );
    const states = events
      .ofType('integration.breaker.state-changed.v1')
      .map((e) => e.data['state']);
    expect(states).toContain('open');
    expect(states[states.length - 1]).toBe('closed');
    expect(await parkedCount()).toBe(0);
  }, 60_000);
});
