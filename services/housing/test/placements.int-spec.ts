import { randomUUID } from 'node:crypto';
import { HousingHarness, Mesh, anOffer, until } from './housing-harness';

const LEUVEN = '24062';
const HOUSING_EVENTS = [
  'housing.placement.assigned.v1',
  'housing.placement.rejected.v1',
  'housing.placement.ended.v1',
  'housing.occupancy.changed.v1',
];

/** A placement request as registration sends it, for a household of `size` with named members. */
function request(dossierId: string, size = 1, extra: Record<string, unknown> = {}) {
  return {
    dossierId,
    requester: 'housing-test',
    householdSize: size,
    members: Array.from({ length: size }, (_, i) => ({
      personId: randomUUID(),
      ageBand: i === 0 ? '25-44' : '6-11',
    })),
    ...extra,
  };
}

describe('placements across four replicas over the real broker', () => {
  let h: HousingHarness;
  let mesh: Mesh;
  let coordinator: string;
  let central: string;

  beforeAll(async () => {
    h = await HousingHarness.start('placements', { replicas: 4 });
    mesh = await Mesh.start(HOUSING_EVENTS);
    coordinator = await h.coordinator(LEUVEN);
    central = await h.token('centrale-validator');
  });

  afterAll(async () => {
    await mesh.stop();
    await h.stop();
  });

  /** An offer walked to beschikbaar; returns the offer and its place. */
  async function availablePlace(capacity: number, street: string) {
    const created = await h.call('POST', '/api/v1/offers', {
      token: coordinator,
      body: anOffer({ capacity, address: { street, houseNumber: '1', postcode: '3000' } }),
    });
    let offer = created.body;
    for (const [action, token] of [
      ['check', coordinator],
      ['validate', coordinator],
      ['validate-centrally', central],
      ['make-available', coordinator],
    ] as const) {
      const answer = await h.call('POST', `/api/v1/offers/${offer.id}/transitions`, {
        token,
        headers: { 'if-match': `"${offer.version}"` },
        body: { action },
      });
      expect(answer.status).toBe(200);
      offer = answer.body;
    }
    return { offerId: offer.id as string, placeId: offer.place.id as string };
  }

  async function answers(dossiers: ReadonlySet<string>) {
    return until(`${dossiers.size} answers`, () => {
      const assigned = mesh.of('housing.placement.assigned.v1', dossiers);
      const rejected = mesh.of('housing.placement.rejected.v1', dossiers);
      return assigned.length + rejected.length >= dossiers.size
        ? { assigned, rejected }
        : undefined;
    });
  }

  it('50 concurrent requests for one place of capacity 4: exactly 4 assigned, 46 rejected, events match the database', async () => {
    const { placeId, offerId } = await availablePlace(4, 'Vaartstraat');
    const dossiers = new Set(Array.from({ length: 50 }, () => randomUUID()));
    const requests = [...dossiers].map((id) => request(id, 1, { preferredNisCodes: [LEUVEN] }));
    for (const r of requests) mesh.send('housing.placement.request.v1', r);
    const { assigned, rejected } = await answers(dossiers);
    // Nothing more arrives for these dossiers once all have their answer.
    expect(assigned).toHaveLength(4);
    expect(rejected).toHaveLength(46);
    expect(new Set(rejected.map((r) => r.data['reason']))).toEqual(new Set(['no-capacity']));
    expect(new Set(assigned.map((a) => a.data['placeId']))).toEqual(new Set([placeId]));

    const [place] = await h.sql<{ occupants: number; capacity: number }>(
      'SELECT occupants, capacity FROM places WHERE id = $1',
      [placeId],
    );
    expect(place).toEqual({ occupants: 4, capacity: 4 });
    const rows = await h.sql<{ dossier_id: string; id: string }>(
      'SELECT dossier_id, id FROM placements WHERE place_id = $1',
      [placeId],
    );
    expect(new Set(rows.map((r) => r.dossier_id))).toEqual(
      new Set(assigned.map((a) => a.data['dossierId'])),
    );
    expect(new Set(rows.map((r) => r.id))).toEqual(
      new Set(assigned.map((a) => a.data['placementId'])),
    );
    // Each assigned person's stay was announced for subsidy, with the person ids of the request.
    const stays = await until('4 stays announced', () => {
      const started = mesh.of('housing.occupancy.changed.v1', dossiers);
      return started.length >= 4 ? started : undefined;
    });
    const byDossier = new Map(requests.map((r) => [r.dossierId, r.members[0]?.personId]));
    for (const stay of stays) {
      expect(stay.data).toMatchObject({
        change: 'started',
        revision: 1,
        placeId,
        placeType: 'separate-dwelling',
        nisCode: LEUVEN,
      });
      expect(stay.data['personId']).toBe(byDossier.get(stay.data['dossierId']));
    }
    const [offer] = await h.sql<{ status: string }>('SELECT status FROM offers WHERE id = $1', [
      offerId,
    ]);
    expect(offer?.status).toBe('bezet');
    // The rejected households wait for a coordinator.
    const [waiting] = await h.sql<{ n: string }>(
      "SELECT count(*) AS n FROM placement_requests WHERE status = 'waiting' AND dossier_id = ANY($1)",
      [[...dossiers]],
    );
    expect(Number(waiting?.n)).toBe(46);
  });

  it('50 concurrent direct assignments over HTTP spread across the 4 replicas: 4 placed, 46 refused', async () => {
    const { placeId } = await availablePlace(4, 'Parijsstraat');
    const dossiers = new Set(Array.from({ length: 50 }, () => randomUUID()));
    // Households preferring a municipality without places: they all wait for a coordinator.
    for (const id of dossiers)
      mesh.send('housing.placement.request.v1', request(id, 1, { preferredNisCodes: ['44021'] }));
    await answers(dossiers);
    const results = await Promise.all(
      [...dossiers].map((dossierId, i) =>
        h.call('POST', `/api/v1/places/${placeId}/placements`, {
          token: coordinator,
          body: { dossierId },
          replica: i % 4,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(46);
    expect(new Set(refused.map((r) => r.body.reason))).toEqual(new Set(['no-capacity']));
    const [place] = await h.sql<{ occupants: number }>(
      'SELECT occupants FROM places WHERE id = $1',
      [placeId],
    );
    expect(place?.occupants).toBe(4);
  });

  it('has the database refuse an overbooking even when code would try one', async () => {
    const { placeId } = await availablePlace(1, 'Muntstraat');
    await expect(
      h.sql('UPDATE places SET occupants = capacity + 1 WHERE id = $1', [placeId]),
    ).rejects.toThrow(/places_occupants_within_capacity/);
  });

  it('refuses an unknown dossier or place with a rejected event and stores nothing', async () => {
    const { placeId } = await availablePlace(3, 'Bondgenotenlaan');
    const unknownDossier = randomUUID();
    const unknownPlace = randomUUID();
    const waitingDossier = randomUUID();
    mesh.send(
      'housing.placement.request.v1',
      request(waitingDossier, 2, { preferredNisCodes: ['11002'] }),
    );
    await until('the waiting request', () =>
      mesh.of('housing.placement.rejected.v1', new Set([waitingDossier])).length > 0
        ? true
        : undefined,
    );
    const before = await h.sql<{ n: string }>(
      'SELECT (SELECT count(*) FROM placements) + (SELECT count(*) FROM stays) AS n',
    );

    const noDossier = await h.call('POST', `/api/v1/places/${placeId}/placements`, {
      token: coordinator,
      body: { dossierId: unknownDossier },
    });
    expect(noDossier.status).toBe(409);
    expect(noDossier.body.reason).toBe('unknown-dossier');
    const noPlace = await h.call('POST', `/api/v1/places/${unknownPlace}/placements`, {
      token: coordinator,
      body: { dossierId: waitingDossier },
    });
    expect(noPlace.status).toBe(404);

    const rejected = await until('two rejections', () => {
      const found = [
        ...mesh.of('housing.placement.rejected.v1', new Set([unknownDossier])),
        ...mesh
          .of('housing.placement.rejected.v1', new Set([waitingDossier]))
          .filter((e) => e.data['placeId'] === unknownPlace),
      ];
      return found.length >= 2 ? found : undefined;
    });
    expect(rejected.map((e) => e.data['reason']).sort()).toEqual([
      'unknown-dossier',
      'unknown-place',
    ]);
    const after = await h.sql<{ n: string }>(
      'SELECT (SELECT count(*) FROM placements) + (SELECT count(*) FROM stays) AS n',
    );
    expect(after).toEqual(before);
    expect(
      await h.sql('SELECT 1 FROM placement_requests WHERE dossier_id = $1', [unknownDossier]),
    ).toEqual([]);

    // The waiting household can be placed there by the coordinator.
    const placed = await h.call('POST', `/api/v1/places/${placeId}/placements`, {
      token: coordinator,
      body: { dossierId: waitingDossier },
    });
    expect(placed.status).toBe(201);
    const twice = await h.call('POST', `/api/v1/places/${placeId}/placements`, {
      token: coordinator,
      body: { dossierId: waitingDossier },
    });
    expect([twice.status, twice.body.reason]).toEqual([409, 'already-placed']);
  });

  it('refuses to withdraw an occupied offer until the occupants moved out; move-out ends each stay', async () => {
    const { placeId, offerId } = await availablePlace(2, 'Diestsestraat');
    const dossierId = randomUUID();
    mesh.send(
      'housing.placement.request.v1',
      request(dossierId, 2, { preferredNisCodes: [LEUVEN] }),
    );
    const { assigned } = await answers(new Set([dossierId]));
    expect(assigned[0]?.data['placeId']).toBe(placeId);
    const placementId = String(assigned[0]?.data['placementId']);

    const offer = (await h.call('GET', `/api/v1/offers/${offerId}`, { token: coordinator })).body;
    expect(offer.status).toBe('bezet');
    const withdraw = await h.call('POST', `/api/v1/offers/${offerId}/transitions`, {
      token: coordinator,
      headers: { 'if-match': `"${offer.version}"` },
      body: { action: 'withdraw', reason: 'owner sells' },
    });
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.type).toContain('occupants-must-move-first');

    const tooEarly = await h.call('POST', `/api/v1/placements/${placementId}/end`, {
      token: coordinator,
      body: { to: '2000-01-01' },
    });
    expect(tooEarly.status).toBe(400);
    const today = new Date().toISOString().slice(0, 10);
    const ended = await h.call('POST', `/api/v1/placements/${placementId}/end`, {
      token: coordinator,
      body: { to: today },
    });
    expect(ended.status).toBe(200);
    expect(
      (
        await h.call('POST', `/api/v1/placements/${placementId}/end`, {
          token: coordinator,
          body: {},
        })
      ).status,
    ).toBe(409);

    const endings = await until('ended events', () => {
      const stays = mesh
        .of('housing.occupancy.changed.v1', new Set([dossierId]))
        .filter((e) => e.data['change'] === 'ended');
      const placement = mesh.of('housing.placement.ended.v1', new Set([dossierId]));
      return stays.length >= 2 && placement.length >= 1 ? { stays, placement } : undefined;
    });
    expect(endings.placement[0]?.data).toMatchObject({
      placementId,
      to: today,
      reason: 'moved-out',
    });
    expect(endings.stays.map((s) => [s.data['revision'], s.data['to']])).toEqual([
      [2, today],
      [2, today],
    ]);

    const current = (await h.call('GET', `/api/v1/offers/${offerId}`, { token: coordinator })).body;
    expect([current.status, current.place.occupants]).toEqual(['beschikbaar', 0]);
    const retry = await h.call('POST', `/api/v1/offers/${offerId}/transitions`, {
      token: coordinator,
      headers: { 'if-match': `"${current.version}"` },
      body: { action: 'withdraw', reason: 'owner sells' },
    });
    expect([retry.status, retry.body.status]).toEqual([200, 'ingetrokken']);
    // A withdrawn place takes nobody.
    const late = randomUUID();
    // It prefers a municipality without places, so it waits instead of being placed elsewhere.
    mesh.send('housing.placement.request.v1', request(late, 1, { preferredNisCodes: ['44021'] }));
    await answers(new Set([late]));
    const refused = await h.call('POST', `/api/v1/places/${placeId}/placements`, {
      token: coordinator,
      body: { dossierId: late },
    });
    expect([refused.status, refused.body.reason]).toEqual([409, 'place-withdrawn']);
  });

  it('ends the placement of a dossier registration closed, and refuses to place it again', async () => {
    const { placeId } = await availablePlace(5, 'Brusselsestraat');
    const dossierId = randomUUID();
    mesh.send(
      'housing.placement.request.v1',
      request(dossierId, 3, { preferredNisCodes: [LEUVEN] }),
    );
    await answers(new Set([dossierId]));
    mesh.send('registration.dossier.closed.v1', {
      dossierId,
      memberCount: 3,
      ageBands: ['25-44', '6-11', '6-11'],
      version: 4,
      reason: 'departed',
    });
    const ended = await until(
      'placement ended',
      () => mesh.of('housing.placement.ended.v1', new Set([dossierId]))[0],
    );
    expect(ended.data).toMatchObject({ placeId, reason: 'dossier-closed' });
    const [place] = await h.sql<{ occupants: number }>(
      'SELECT occupants FROM places WHERE id = $1',
      [placeId],
    );
    expect(place?.occupants).toBe(0);
    const again = await h.call('POST', `/api/v1/places/${placeId}/placements`, {
      token: coordinator,
      body: { dossierId },
    });
    expect([again.status, again.body.reason]).toEqual([409, 'dossier-closed']);
  });

  it('answers the occupancy per municipality and period, with the nights inside it', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const page = await h.call('GET', `/api/v1/occupancy?from=${today}&to=${tomorrow}&limit=500`, {
      token: coordinator,
    });
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(4);
    expect(page.body.items.every((s: { nisCode: string }) => s.nisCode === LEUVEN)).toBe(true);
    const open = page.body.items.filter((s: { to?: string }) => s.to === undefined);
    expect(open.every((s: { nightsInPeriod: number }) => s.nightsInPeriod === 1)).toBe(true);
    const other = await h.coordinator('11002');
    const elsewhere = await h.call('GET', `/api/v1/occupancy?from=${today}&to=${tomorrow}`, {
      token: other,
    });
    expect(elsewhere.body.total).toBe(0);
    const forbidden = await h.call(
      'GET',
      `/api/v1/occupancy?from=${today}&to=${tomorrow}&nisCode=${LEUVEN}`,
      { token: other },
    );
    expect(forbidden.status).toBe(403);
    const reports = await h.token('rapportering');
    expect(
      (
        await h.call('GET', `/api/v1/occupancy?from=${today}&to=${tomorrow}&nisCode=${LEUVEN}`, {
          token: reports,
        })
      ).body.total,
    ).toBe(page.body.total);
  });
});
