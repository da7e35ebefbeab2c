import { decodeEnvelope } from '@toevlucht/messaging';
import { planFaults } from './fault-plan';
import { compareParkingLots, describeParked } from './end-state-audit';
import { formatOffset, Ledger } from './ledger';
import { MALFORMED_KINDS, malformedMessage } from './malformed-messages';
import { parseQueueDepths } from './private-broker';
import { censusOf, parseBindings, pending, targetQueues } from './queue-census';

describe('fault-injection suite pieces', () => {
  it('reads rabbitmqctl queue listings and sorts queues into work, retry and parking lots', () => {
    const queues = parseQueueDepths(
      [
        'registration\t3\t1',
        'registration.retry.1\t2\t0',
        'registration.parking-lot\t4\t0',
        'housing.placements\t0\t0',
        'housing.placements.parking-lot\t0\t0',
        'amq.gen-reply\t0\t0',
        '',
      ].join('\n'),
    );
    const census = censusOf(queues);
    expect(census.work.map((queue) => queue.name)).toEqual(['registration', 'housing.placements']);
    expect(census.retry.map((queue) => queue.name)).toEqual(['registration.retry.1']);
    expect(census.parkingLots.map((queue) => queue.name)).toEqual([
      'registration.parking-lot',
      'housing.placements.parking-lot',
    ]);
    expect(pending(census.work)).toBe(4);
  });

  it('picks for each work queue a message type it is bound to, and refuses an unbound one', () => {
    const bindings = parseBindings(
      [
        '\tregistration\tregistration',
        'toevlucht.events\tregistration\tperson.verified.v1',
        'toevlucht.commands\thousing.placements\tplacement.request.v1',
      ].join('\n'),
    );
    const work = [
      { name: 'registration', ready: 0, unacked: 0 },
      { name: 'housing.placements', ready: 0, unacked: 0 },
    ];
    expect(targetQueues(work, bindings)).toEqual([
      { name: 'registration', knownType: 'person.verified.v1' },
      { name: 'housing.placements', knownType: 'placement.request.v1' },
    ]);
    expect(() => targetQueues([{ name: 'lonely', ready: 0, unacked: 0 }], bindings)).toThrow(
      /lonely is bound to no message type/,
    );
  });

  it('builds each kind of malformed message so that the envelope decoder refuses it for the intended reason', () => {
    const reasons = MALFORMED_KINDS.map(({ kind }) => {
      const message = malformedMessage(kind, 'person.verified.v1', `id-${kind}`);
      const decoded = decodeEnvelope({
        messageId: `id-${kind}`,
        type: message.type,
        headers: message.headers,
        body: message.body,
      });
      if (!decoded.ok) return decoded.reason;
      // Decoded fine: the transport refuses it later, by type or by schema.
      return decoded.envelope.type === 'person.verified.v1' ? 'schema-invalid' : 'unknown-type';
    });
    expect(reasons).toEqual(MALFORMED_KINDS.map(({ reason }) => reason));
    const invalid = malformedMessage('schema-invalid', 'person.verified.v1', 'x');
    expect(Array.isArray(JSON.parse(invalid.body.toString('utf8')))).toBe(true);
  });

  it('compares parking lots with what was injected: missing, unexpected and duplicated ids', () => {
    const injected = [
      { id: 'a', queue: 'registration', kind: 'not-json' as const },
      { id: 'b', queue: 'registration', kind: 'unknown-type' as const },
      { id: 'c', queue: 'housing', kind: 'not-json' as const },
    ];
    const comparison = compareParkingLots(injected, {
      registration: ['a', 'x', 'a'],
      housing: ['c'],
    });
    expect(comparison).toEqual([
      { queue: 'housing', injected: 1, matched: 1, missing: [], unexpected: [], duplicated: [] },
      {
        queue: 'registration',
        injected: 2,
        matched: 1,
        missing: ['b'],
        unexpected: ['x'],
        duplicated: ['a'],
      },
    ]);
  });

  it('groups the parked messages of a lot by type and reason, with a count and the first detail', () => {
    const entry = (id: string, reason: string, detail?: string) => ({
      id,
      type: 'rijksregister.person.lookup.v1',
      reason,
      attempts: 8,
      detail,
    });
    expect(
      describeParked([
        entry('a', 'retries-exhausted', 'GeefPersoon timed out'),
        entry('b', 'retries-exhausted', 'connection refused'),
        entry('c', 'broker: delivery_limit'),
      ]),
    ).toEqual([
      '2 × rijksregister.person.lookup.v1 (retries-exhausted), attempt 8: GeefPersoon timed out',
      '1 × rijksregister.person.lookup.v1 (broker: delivery_limit), attempt 8',
    ]);
    expect(describeParked([])).toEqual([]);
  });

  it('writes a ledger of actions with their offsets and findings with expected and found', async () => {
    let now = 1_000;
    const ledger = new Ledger(() => now);
    ledger.action('load started');
    now += 65_400;
    await ledger.timed('SIGKILL housing', () => {
      now += 200;
      return Promise.resolve();
    });
    expect(ledger.finding('dossiers verified', 200, 200)).toBe(true);
    expect(ledger.finding('outbox unsent (housing)', 0, 3)).toBe(false);
    const text = ledger.render('chaos');
    expect(text).toContain('+00:00.0  load started');
    expect(text).toContain('+01:05.4  SIGKILL housing …');
    expect(text).toContain('+01:05.6  SIGKILL housing: done in 0.2 s');
    expect(text).toMatch(/ok {4}dossiers verified\s+expected 200, found 200/);
    expect(text).toMatch(/FAIL {2}outbox unsent \(housing\)\s+expected 0, found 3/);
    expect(text).toContain('1 of 2 findings differ from what was expected.');
    expect(ledger.failed).toHaveLength(1);
    expect(formatOffset(0)).toBe('+00:00.0');
  });
});

describe('the fault plan', () => {
  it('kills every service once, each adapter while its partner is down, and restarts the broker once', () => {
    const services = [
      'registration',
      'housing',
      'subsidy',
      'rijksregister-adapter',
      'magda-onderwijs-adapter',
      'davinci-adapter',
      'orafin-adapter',
    ];
    const { beforePayment, duringPayment } = planFaults(services, 20_000);
    const all = [...beforePayment, ...duringPayment];
    const killed = all.flatMap((fault) => (fault.kind === 'kill-service' ? [fault.service] : []));
    expect([...killed].sort()).toEqual([...services].sort());
    expect(all.filter((fault) => fault.kind === 'broker-restart')).toHaveLength(1);
    expect(beforePayment[0]).toEqual({ kind: 'malformed-messages' });
    expect(
      duringPayment.map((fault) => (fault.kind === 'kill-service' ? fault.service : fault.kind)),
    ).toEqual(['partner-outage', 'orafin-adapter', 'subsidy']);
    for (const [adapter, partner] of [
      ['rijksregister-adapter', 'magda'],
      ['davinci-adapter', 'davinci'],
      ['orafin-adapter', 'orafin-sftp'],
    ] as const) {
      const kill = all.findIndex(
        (fault) => fault.kind === 'kill-service' && fault.service === adapter,
      );
      expect(all[kill - 1]).toEqual({
        kind: 'partner-outage',
        simulator: partner,
        durationMs: 20_000,
      });
    }
  });
});
