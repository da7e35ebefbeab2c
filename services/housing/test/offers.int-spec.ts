import { HousingHarness, anOffer } from './housing-harness';

const LEUVEN = '24062';
const ANTWERPEN = '11002';

describe('housing offers over HTTP', () => {
  let h: HousingHarness;
  let leuven: string;
  let antwerpen: string;
  let central: string;

  beforeAll(async () => {
    h = await HousingHarness.start('offers', { settings: { intakeBurst: 1000, intakePerHour: 1 } });
    leuven = await h.coordinator(LEUVEN);
    antwerpen = await h.coordinator(ANTWERPEN);
    central = await h.token('centrale-validator');
  });

  afterAll(async () => {
    await h.stop();
  });

  async function enter(token = leuven, overrides: Record<string, unknown> = {}) {
    const answer = await h.call('POST', '/api/v1/offers', { token, body: anOffer(overrides) });
    expect(answer.status).toBe(201);
    return answer.body as {
      id: string;
      version: number;
      status: string;
      possibleDuplicateOf: string[];
    };
  }

  async function act(id: string, token: string, action: string, version: number, reason?: string) {
    return h.call('POST', `/api/v1/offers/${id}/transitions`, {
      token,
      headers: { 'if-match': `"${version}"` },
      body: { action, ...(reason === undefined ? {} : { reason }) },
    });
  }

  it('walks the whole workflow, each step by the role the note names, and records every transition', async () => {
    const offer = await enter(leuven, {
      offerer: { name: 'Walk Through', phone: '+32 470 12 34 56' },
    });
    expect(offer.status).toBe('ingediend');
    const steps: [string, string, string][] = [
      ['check', leuven, 'gecontroleerd'],
      ['validate', leuven, 'gevalideerd'],
      ['validate-centrally', central, 'centraal-gevalideerd'],
      ['make-available', leuven, 'beschikbaar'],
      ['close', central, 'afgesloten'],
    ];
    let version = offer.version;
    for (const [action, token, status] of steps) {
      const answer = await act(offer.id, token, action, version, `reason for ${action}`);
      expect([action, answer.status, answer.body.status]).toEqual([action, 200, status]);
      expect(answer.headers.get('etag')).toBe(`"${answer.body.version}"`);
      version = answer.body.version;
    }
    const history = await h.call('GET', `/api/v1/offers/${offer.id}/history`, { token: central });
    expect(
      history.body.map(
        (t: { action: string; to: string; role: string }) => `${t.action}:${t.to}:${t.role}`,
      ),
    ).toEqual([
      'submit:ingediend:gemeentelijk-coordinator',
      'check:gecontroleerd:gemeentelijk-coordinator',
      'validate:gevalideerd:gemeentelijk-coordinator',
      'validate-centrally:centraal-gevalideerd:centrale-validator',
      'make-available:beschikbaar:gemeentelijk-coordinator',
      'close:afgesloten:centrale-validator',
    ]);
    expect(history.body[1]).toMatchObject({
      from: 'ingediend',
      reason: 'reason for check',
      actor: `coordinator-${LEUVEN}`,
    });
  });

  it('refuses an illegal transition with 409 naming the allowed ones, and a stale or missing If-Match', async () => {
    const offer = await enter();
    const skip = await act(offer.id, leuven, 'validate', offer.version);
    expect(skip.status).toBe(409);
    expect(skip.headers.get('content-type')).toContain('application/problem+json');
    expect(skip.body).toMatchObject({
      currentStatus: 'ingediend',
      allowedActions: ['check', 'withdraw'],
    });
    const central409 = await act(offer.id, leuven, 'validate-centrally', offer.version);
    expect(central409.status).toBe(409);
    expect(central409.body.type).toContain('role-not-allowed');
    expect((await act(offer.id, leuven, 'check', offer.version + 5)).status).toBe(412);
    const missing = await h.call('POST', `/api/v1/offers/${offer.id}/transitions`, {
      token: leuven,
      body: { action: 'check' },
    });
    expect(missing.status).toBe(428);
  });

  it('refuses, over HTTP, every action a role may not take at every status, and changes nothing', async () => {
    const ACTIONS = [
      'check',
      'validate',
      'validate-centrally',
      'make-available',
      'withdraw',
      'close',
    ];
    const roles = { C: leuven, V: central };
    // What each role may do at each status (C coordinator, V central validator), by hand from the note.
    const ALLOWED: Record<string, string[]> = {
      ingediend: ['check:C', 'withdraw:C', 'withdraw:V'],
      gecontroleerd: ['validate:C', 'withdraw:C', 'withdraw:V'],
      gevalideerd: ['validate-centrally:V', 'withdraw:C', 'withdraw:V'],
      'centraal-gevalideerd': ['make-available:C', 'make-available:V', 'withdraw:C', 'withdraw:V'],
      beschikbaar: ['close:C', 'close:V', 'withdraw:C', 'withdraw:V'],
      afgesloten: [],
      ingetrokken: [],
    };
    const path: [string, 'C' | 'V'][] = [
      ['check', 'C'],
      ['validate', 'C'],
      ['validate-centrally', 'V'],
      ['make-available', 'C'],
      ['close', 'V'],
    ];
    const refuseAllOthers = async (id: string) => {
      const before = (await h.call('GET', `/api/v1/offers/${id}`, { token: central })).body;
      for (const action of ACTIONS) {
        for (const [letter, token] of Object.entries(roles)) {
          if (ALLOWED[before.status]!.includes(`${action}:${letter}`)) continue;
          const answer = await act(id, token, action, before.version);
          expect([before.status, action, letter, answer.status]).toEqual([
            before.status,
            action,
            letter,
            409,
          ]);
        }
      }
      const after = (await h.call('GET', `/api/v1/offers/${id}`, { token: central })).body;
      expect([after.status, after.version]).toEqual([before.status, before.version]);
      return after as { status: string; version: number };
    };
    const offer = await enter(leuven, {
      address: { street: 'Ridderstraat', houseNumber: '2', postcode: '3000' },
    });
    let current = await refuseAllOthers(offer.id);
    for (const [action, letter] of path) {
      const moved = await act(offer.id, roles[letter], action, current.version);
      expect(moved.status).toBe(200);
      current = await refuseAllOthers(offer.id);
    }
    expect(current.status).toBe('afgesloten');
    const withdrawn = await enter(leuven, {
      address: { street: 'Ridderstraat', houseNumber: '4', postcode: '3000' },
    });
    expect((await act(withdrawn.id, central, 'withdraw', withdrawn.version)).body.status).toBe(
      'ingetrokken',
    );
    expect((await refuseAllOthers(withdrawn.id)).status).toBe('ingetrokken');
  });

  it("keeps a coordinator out of another municipality's offers: 404 like an unknown id, and not in lists", async () => {
    const offer = await enter(leuven);
    const read = await h.call('GET', `/api/v1/offers/${offer.id}`, { token: antwerpen });
    const unknown = await h.call('GET', `/api/v1/offers/00000000-0000-4000-8000-000000000000`, {
      token: antwerpen,
    });
    expect(read.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(read.body.detail.replace(offer.id, 'X')).toBe(
      unknown.body.detail.replace('00000000-0000-4000-8000-000000000000', 'X'),
    );
    expect((await act(offer.id, antwerpen, 'check', offer.version)).status).toBe(404);
    expect(
      (await h.call('GET', `/api/v1/offers/${offer.id}/history`, { token: antwerpen })).status,
    ).toBe(404);
    const list = await h.call('GET', '/api/v1/offers?limit=100', { token: antwerpen });
    expect(list.status).toBe(200);
    expect(list.body.items.every((o: { nisCode: string }) => o.nisCode === ANTWERPEN)).toBe(true);
    const entered = await h.call('POST', '/api/v1/offers', { token: antwerpen, body: anOffer() });
    expect(entered.status).toBe(403);
    expect((await h.call('GET', `/api/v1/offers/${offer.id}`, { token: central })).status).toBe(
      200,
    );
  });

  it('flags a possible duplicate (same normalised address and offerer) for the coordinator', async () => {
    const first = await enter(leuven, {
      address: { street: 'Naamsestraat', houseNumber: '5', postcode: '3000' },
    });
    const second = await enter(leuven, {
      offerer: { name: 'PEETERS Jan', email: 'other@example.org' },
      address: { street: 'Naamsestr.', houseNumber: '5', postcode: '3000' },
    });
    expect(first.possibleDuplicateOf).toEqual([]);
    expect(second.possibleDuplicateOf).toEqual([first.id]);
  });

  it('answers a retried entry with the same Idempotency-Key with the first offer', async () => {
    const headers = { 'idempotency-key': `offer-${Date.now()}` };
    const body = anOffer({
      address: { street: 'Tiensestraat', houseNumber: '9', postcode: '3000' },
    });
    const first = await h.call('POST', '/api/v1/offers', { token: leuven, body, headers });
    const again = await h.call('POST', '/api/v1/offers', { token: leuven, body, headers });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const other = await h.call('POST', '/api/v1/offers', {
      token: leuven,
      body: { ...body, capacity: 2 },
      headers,
    });
    expect(other.status).toBe(422);
  });

  it('stores the offerer and address encrypted and audits every read', async () => {
    const offer = await enter(leuven, {
      offerer: { name: 'Secret Name', email: 'secret@example.org' },
    });
    await h.call('GET', `/api/v1/offers/${offer.id}`, { token: central });
    const [row] = await h.sql<Record<string, string>>('SELECT * FROM offers WHERE id = $1', [
      offer.id,
    ]);
    expect(JSON.stringify(row)).not.toMatch(/Secret|secret@|Kerkstraat/);
    const audit = await h.sql<{ action: string; role: string }>(
      'SELECT action, role FROM audit_log WHERE $1 = ANY(subject_ids) ORDER BY seq',
      [offer.id],
    );
    expect(audit.map((a) => `${a.action}:${a.role}`)).toEqual([
      'create:gemeentelijk-coordinator',
      'read:centrale-validator',
    ]);
  });

  describe('coordinators', () => {
    it('allows two active coordinators per municipality; a third is refused until one is deactivated', async () => {
      const admin = await h.token('beheerder');
      const register = (subject: string) =>
        h.call('POST', '/api/v1/coordinators', {
          token: admin,
          body: { subject, nisCode: '44021' },
        });
      const first = await register('gent-1');
      const second = await register('gent-2');
      const third = await register('gent-3');
      expect([first.status, second.status, third.status]).toEqual([201, 201, 409]);
      expect(third.body.type).toContain('coordinator-seats-taken');
      expect(third.body.detail).toContain('already has 2 active coordinators');
      const deactivated = await h.call('POST', `/api/v1/coordinators/${first.body.id}/deactivate`, {
        token: admin,
      });
      expect(deactivated.status).toBe(200);
      expect((await register('gent-3')).status).toBe(201);
      const list = await h.call('GET', '/api/v1/coordinators?nisCode=44021', { token: admin });
      expect(list.body.map((c: { subject: string }) => c.subject).sort()).toEqual([
        'gent-2',
        'gent-3',
      ]);
      // The deactivated coordinator's token no longer opens anything.
      const old = await h.token('gemeentelijk-coordinator', { sub: 'gent-1', nis: '44021' });
      expect((await h.call('GET', '/api/v1/offers', { token: old })).status).toBe(403);
    });

    it('holds the rule when many registrations race for the seats', async () => {
      const admin = await h.token('beheerder');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          h.call('POST', '/api/v1/coordinators', {
            token: admin,
            body: { subject: `brugge-${i}`, nisCode: '31005' },
          }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(6);
      const [count] = await h.sql<{ n: string }>(
        "SELECT count(*) AS n FROM coordinators WHERE nis_code = '31005' AND active",
      );
      expect(Number(count?.n)).toBe(2);
    });

    it('lets only a beheerder manage coordinators', async () => {
      const answer = await h.call('POST', '/api/v1/coordinators', {
        token: central,
        body: { subject: 'x', nisCode: '11002' },
      });
      expect(answer.status).toBe(403);
    });
  });

  describe('public intake', () => {
    it('accepts a valid offer without a token and returns only a reference', async () => {
      const answer = await h.call('POST', '/api/v1/public/offers', { body: anOffer() });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        reference: expect.stringMatching(/^HV-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
        status: 'ingediend',
      });
      const [row] = await h.sql<{ channel: string; nis_code: string }>(
        'SELECT channel, nis_code FROM offers WHERE reference = $1',
        [answer.body.reference],
      );
      expect(row).toEqual({ channel: 'public-intake', nis_code: LEUVEN });
    });

    it('rejects malformed, invalid and oversized offers with problem+json', async () => {
      const malformed = await h.call('POST', '/api/v1/public/offers', { raw: '{"offerer":' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      const invalid = await h.call('POST', '/api/v1/public/offers', {
        body: anOffer({
          capacity: 0,
          address: { street: 'X', houseNumber: 'twelve', postcode: '0999' },
          extra: 1,
        }),
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['/', '/address/houseNumber', '/address/postcode', '/capacity'].sort(),
      );
      const implausible = await h.call('POST', '/api/v1/public/offers', {
        body: anOffer({
          type: 'host-family-room',
          capacity: 40,
          address: { street: 'Kerkstraat', houseNumber: '1', postcode: '9999' },
        }),
      });
      expect(implausible.status).toBe(400);
      expect(implausible.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
        'capacity-implausible',
        'unknown-postcode',
      ]);
      const oversized = await h.call('POST', '/api/v1/public/offers', {
        body: anOffer({ remarks: 'x'.repeat(20_000) }),
      });
      expect(oversized.status).toBe(413);
      expect(oversized.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify([invalid.body, implausible.body])).not.toContain('Peeters');
    });
  });
});

describe('public intake rate limit', () => {
  let h: HousingHarness;

  beforeAll(async () => {
    h = await HousingHarness.start('ratelimit', { settings: { intakeBurst: 3, intakePerHour: 1 } });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('lets a burst through, then answers 429 problem+json with Retry-After, also for malformed bodies', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await h.call('POST', '/api/v1/public/offers', { body: anOffer({ capacity: i + 1 }) }))
          .status,
      );
    }
    const limited = await h.call('POST', '/api/v1/public/offers', { body: anOffer() });
    const malformed = await h.call('POST', '/api/v1/public/offers', { body: { nonsense: true } });
    expect(statuses).toEqual([201, 201, 201]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(malformed.status).toBe(429);
    const [count] = await h.sql<{ n: string }>('SELECT count(*) AS n FROM offers');
    expect(Number(count?.n)).toBe(3);
    // Authenticated routes are not limited by the intake's buckets.
    const central = await h.token('centrale-validator');
    expect((await h.call('GET', '/api/v1/offers', { token: central })).status).toBe(200);
  });
});
