import { waitFor } from '@toevlucht/testing';
import {
  aStay,
  aVerification,
  MeshPublisher,
  SubsidyHarness,
  testNisCode,
  waitForFacts,
} from './subsidy-harness';

/**
 * A municipality's claim through the API: calculated from occupancy and verifications that
 * arrive over the broker, recalculated deterministically, submitted and reviewed with four
 * eyes, exported for accounting; tariffs changed after approval change nothing approved.
 */
describe('subsidy: claims from verified occupancy', () => {
  let harness: SubsidyHarness;
  let mesh: MeshPublisher;
  const nis = testNisCode();
  let admin: string;
  let coordinator: string;
  let validator: string;

  beforeAll(async () => {
    harness = await SubsidyHarness.start('claims');
    mesh = await MeshPublisher.start();
    admin = await harness.token('beheerder', { sub: 'admin-1' });
    coordinator = await harness.token('gemeentelijk-coordinator', { sub: 'coord-1', nis });
    validator = await harness.token('centrale-validator', { sub: 'validator-1' });
    for (const [placeType, dailyCents] of [
      ['host-family-room', 1_250],
      ['collective', 900],
    ] as const) {
      const created = await harness.call('POST', '/api/v1/tariffs', {
        token: admin,
        body: { placeType, validFrom: '2022-03-01', dailyCents },
      });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await mesh.stop();
    await harness.stop();
  });

  it('calculates lines per person-stay, counting only verified persons, and keeps the evidence', async () => {
    const verified = aStay(nis, { from: '2026-09-20', to: '2026-10-11' }); // 10 October nights
    const household = aStay(nis, { placeType: 'collective', from: '2026-10-15' }); // 17, open
    const pending = aStay(nis);
    const elsewhere = aStay(testNisCode());
    for (const stay of [verified, household, pending, elsewhere])
      await mesh.event('housing.occupancy.changed.v1', stay);
    await mesh.event(
      'registration.person.verification-changed.v1',
      aVerification(verified.personId),
    );
    await mesh.event(
      'registration.person.verification-changed.v1',
      aVerification(household.personId, { registerNisCode: nis }),
    );
    await mesh.event(
      'registration.person.verification-changed.v1',
      aVerification(pending.personId, { status: 'pending', referte: undefined }),
    );
    await waitForFacts(
      harness,
      [verified.stayId, household.stayId, pending.stayId, elsewhere.stayId],
      [verified.personId, household.personId, pending.personId],
    );

    const created = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(created.status).toBe(201);
    expect(created.body.versions).toHaveLength(1);
    const version = created.body.versions[0];
    expect(version).toMatchObject({ version: 1, status: 'berekend' });
    expect(version.totals).toEqual({
      includedLines: 2,
      excludedLines: 1,
      persons: 2,
      nights: 10 + 17,
      amountCents: 10 * 1_250 + 17 * 900,
    });

    const detail = await harness.call('GET', created.headers.get('location')!, {
      token: coordinator,
    });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe(`"${version.revision}"`);
    const line = (stayId: string) => detail.body.lines.find((l: any) => l.stayId === stayId);
    expect(line(verified.stayId)).toMatchObject({
      nights: 10,
      amountCents: 12_500,
      included: true,
      verification: { status: 'verified', referte: `MAGDA-${verified.personId.slice(0, 8)}` },
    });
    expect(line(pending.stayId)).toMatchObject({
      nights: 31,
      amountCents: 0,
      included: false,
      exclusionReason: 'verification-pending',
    });
    expect(line(elsewhere.stayId)).toBeUndefined();
    expect(detail.body.lines.reduce((s: number, l: any) => s + l.amountCents, 0)).toBe(
      version.totals.amountCents,
    );
  });

  it('recalculates deterministically: the same inputs give the same version, new facts a new one', async () => {
    const again = await harness.call('POST', '/api/v1/claims', {
      token: validator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(again.status).toBe(200);
    expect(again.body.versions).toHaveLength(1);

    const claimId = again.body.id;
    const [pending] = await harness.sql<{ person_id: string }>(
      `SELECT person_id FROM claim_lines WHERE exclusion_reason = 'verification-pending'`,
    );
    await mesh.event(
      'registration.person.verification-changed.v1',
      aVerification(pending!.person_id, { at: '2026-10-20T08:00:00.000Z' }),
    );
    await waitFor('the new verification', async () => {
      const [row] = await harness.sql<{ status: string }>(
        'SELECT status FROM verifications WHERE person_id = $1',
        [pending!.person_id],
      );
      return row?.status === 'verified' ? true : undefined;
    });
    const recalculated = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(recalculated.status).toBe(201);
    expect(recalculated.body.id).toBe(claimId);
    expect(recalculated.body.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'vervangen'],
      [2, 'berekend'],
    ]);
    expect(recalculated.body.versions[1].totals.amountCents).toBe(
      recalculated.body.versions[0].totals.amountCents + 31 * 1_250,
    );
  });

  it('adds one version when two calculations of a new claim race', async () => {
    const other = testNisCode();
    const central = await harness.token('centrale-validator', { sub: 'validator-2' });
    const answers = await Promise.all(
      [validator, central].map((token) =>
        harness.call('POST', '/api/v1/claims', {
          token,
          body: { nisCode: other, period: '2026-09' },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
    const [count] = await harness.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM claim_versions WHERE claim_id = $1',
      [answers[0]!.body.id],
    );
    expect(count!.n).toBe(1);
  });

  it('calculates a large city’s claim of 5,000 person-stays', async () => {
    const city = testNisCode();
    // The facts are written directly: this is about the size of one claim, not the broker.
    await harness.sql(
      `INSERT INTO stays (stay_id, revision, placement_id, dossier_id, person_id, person_known,
         place_id, place_type, nis_code, from_date)
       SELECT gen_random_uuid(), 1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), true,
         gen_random_uuid(), 'collective', $1, '2026-10-01' FROM generate_series(1, 5000)`,
      [city],
    );
    await harness.sql(
      `INSERT INTO verifications (person_id, status, referte, at)
       SELECT person_id, 'verified', 'r', now() FROM stays WHERE nis_code = $1`,
      [city],
    );
    const claim = await harness.call('POST', '/api/v1/claims', {
      token: validator,
      body: { nisCode: city, period: '2026-10' },
    });
    expect(claim.status).toBe(201);
    expect(claim.body.versions[0].totals).toMatchObject({
      includedLines: 5_000,
      nights: 5_000 * 31,
      amountCents: 5_000 * 31 * 900,
    });
    const [lines] = await harness.sql<{ n: number; sum: string }>(
      `SELECT count(*)::int AS n, sum(amount_cents)::text AS sum FROM claim_lines
       WHERE claim_version_id = $1`,
      [claim.body.versions[0].id],
    );
    expect(lines).toEqual({ n: 5_000, sum: String(5_000 * 31 * 900) });
  });

  it('refuses a month that has not ended and another municipality', async () => {
    const current = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-11' },
    });
    expect(current.status).toBe(422);
    expect(current.body.code).toBe('CLAIM.PERIOD_NOT_ENDED');
    const other = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: testNisCode(), period: '2026-10' },
    });
    expect(other.status).toBe(403);
    const invalid = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-13' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].field).toBe('/period');
  });

  it('four eyes: submitted by the coordinator, not approvable by the same person', async () => {
    const [claim] = (
      await harness.call('GET', `/api/v1/claims?nisCode=${nis}`, { token: coordinator })
    ).body.items;
    const path = `/api/v1/claims/${claim.id}/versions/2`;
    const read = await harness.call('GET', path, { token: coordinator });

    expect((await harness.call('POST', `${path}/submit`, { token: coordinator })).status).toBe(428);
    expect(
      (
        await harness.call('POST', `${path}/submit`, {
          token: coordinator,
          headers: { 'if-match': '"99"' },
        })
      ).status,
    ).toBe(412);
    expect(
      (
        await harness.call('POST', `${path}/submit`, {
          token: coordinator,
          headers: { 'if-match': 'W/"1"' },
        })
      ).status,
    ).toBe(412);
    expect(
      (
        await harness.call('POST', `${path}/submit`, {
          token: coordinator,
          headers: { 'if-match': '1' },
        })
      ).status,
    ).toBe(400);
    const submitted = await harness.call('POST', `${path}/submit`, {
      token: coordinator,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'ingediend', submittedBy: 'coord-1' });

    // The submitter also holding the validator role still cannot review their own submission.
    const sameSubject = await harness.token('centrale-validator', {
      sub: 'coord-1',
      nis,
      roles: ['gemeentelijk-coordinator', 'centrale-validator'],
    });
    const ownApproval = await harness.call('POST', `${path}/approve`, {
      token: sameSubject,
      headers: { 'if-match': submitted.headers.get('etag')! },
    });
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.body.code).toBe('CLAIM.FOUR_EYES');

    const coordinatorApproval = await harness.call('POST', `${path}/approve`, {
      token: coordinator,
      headers: { 'if-match': submitted.headers.get('etag')! },
    });
    expect(coordinatorApproval.status).toBe(403);

    // No account for the municipality yet: approval waits for one.
    const noAccount = await harness.call('POST', `${path}/approve`, {
      token: validator,
      headers: { 'if-match': submitted.headers.get('etag')! },
    });
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.code).toBe('CLAIM.NO_BENEFICIARY');

    const rejected = await harness.call('POST', `${path}/reject`, {
      token: validator,
      headers: { 'if-match': submitted.headers.get('etag')! },
      body: { reason: 'Two placements are missing from this month.' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'afgekeurd',
      reviewedBy: 'validator-1',
      reviewReason: 'Two placements are missing from this month.',
    });
    const history = (await harness.call('GET', path, { token: validator })).body.history;
    expect(history.map((h: any) => h.event)).toEqual(['calculated', 'submitted', 'rejected']);
    const events = await harness.outboxOf('subsidy.claim.rejected.v1');
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ claimId: claim.id, version: 2, nisCode: nis });
  });

  it('corrects a rejected claim as a new version, leaving the rejected one as it was', async () => {
    const corrected = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'vervangen'],
      [2, 'afgekeurd'],
      [3, 'berekend'],
    ]);
    expect(corrected.body.versions[2].totals).toEqual(corrected.body.versions[1].totals);
  });

  it('exports a version as CSV whose total matches the claim', async () => {
    const [claim] = (
      await harness.call('GET', `/api/v1/claims?nisCode=${nis}`, { token: validator })
    ).body.items;
    const csv = await harness.call('GET', `/api/v1/claims/${claim.id}/versions/3/csv`, {
      token: coordinator,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`subsidie-${nis}-2026-10-v3.csv`);
    const rows = csv.text
      .trimEnd()
      .split('\r\n')
      .map((row) => row.split(','));
    expect(rows[0]!.slice(0, 3)).toEqual(['line', 'stay_id', 'person_id']);
    const total = rows.at(-1)!;
    expect(total[0]).toBe('total');
    expect(Number(total[10])).toBe(claim.versions[2].totals.amountCents);
    const lineSum = rows.slice(1, -1).reduce((sum, row) => sum + Number(row[10]), 0);
    expect(lineSum).toBe(claim.versions[2].totals.amountCents);
  });

  it('hides another municipality’s claims from a coordinator', async () => {
    const stranger = await harness.token('gemeentelijk-coordinator', {
      sub: 'c2',
      nis: testNisCode(),
    });
    const [claim] = (
      await harness.call('GET', `/api/v1/claims?nisCode=${nis}`, { token: validator })
    ).body.items;
    expect(
      (await harness.call('GET', `/api/v1/claims/${claim.id}`, { token: stranger })).status,
    ).toBe(404);
    const list = await harness.call('GET', '/api/v1/claims', { token: stranger });
    expect(list.body.items).toEqual([]);
  });

  it('refuses an invalid IBAN without echoing it, and stores a valid one', async () => {
    const bad = await harness.call('PUT', `/api/v1/beneficiaries/${nis}`, {
      token: admin,
      body: { name: 'Gemeente Test', iban: 'BE68539007547035' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: '/iban', code: 'IBAN.INVALID' });
    expect(bad.text).not.toContain('539007547035');
    const good = await harness.call('PUT', `/api/v1/beneficiaries/${nis}`, {
      token: admin,
      body: { name: 'Gemeente Test', iban: 'BE68 5390 0754 7034' },
    });
    expect(good.status).toBe(200);
    expect(good.body.iban).toBe('BE68539007547034');
  });
});
