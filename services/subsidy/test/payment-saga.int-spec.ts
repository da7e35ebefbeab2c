import { randomUUID } from 'node:crypto';
import { waitFor } from '@toevlucht/testing';
import {
  aStay,
  aVerification,
  FakeOrafin,
  MeshPublisher,
  SubsidyHarness,
  testNisCode,
  waitForFacts,
} from './subsidy-harness';

/**
 * The payment saga against a fake orafin-adapter over the real broker: whatever is
 * redelivered, re-published, replayed or restarted, a claim version gets one payment order and
 * is paid at most once; an adapter that is away gets the order when it returns; a rejected
 * payment shows its reason and is corrected as a new version, paid once under a new reference.
 */
describe('subsidy: paying an approved claim through Orafin', () => {
  let harness: SubsidyHarness;
  let mesh: MeshPublisher;
  let orafin: FakeOrafin;
  let admin: string;
  let validator: string;

  beforeAll(async () => {
    harness = await SubsidyHarness.start('saga');
    mesh = await MeshPublisher.start();
    orafin = await FakeOrafin.start(async (data) => {
      // Other test runs on the shared broker send orders too, with keys of their own making.
      if (!/^[0-9a-f-]{36}$/.test(String(data['idempotencyKey']))) return false;
      const rows = await harness.sql('SELECT 1 FROM payments WHERE claim_version_id = $1', [
        data['idempotencyKey'],
      ]);
      return rows.length > 0;
    }, mesh);
    admin = await harness.token('beheerder', { sub: 'admin-1' });
    validator = await harness.token('centrale-validator', { sub: 'validator-1' });
    const tariff = await harness.call('POST', '/api/v1/tariffs', {
      token: admin,
      body: { placeType: 'separate-dwelling', validFrom: '2026-01-01', dailyCents: 2_000 },
    });
    expect(tariff.status).toBe(201);
  });

  afterAll(async () => {
    await orafin.stop();
    await mesh.stop();
    await harness.stop();
  });

  /** A municipality with an account, one verified person for all of October, its claim submitted. */
  async function submittedClaim(): Promise<{
    nis: string;
    path: string;
    etag: string;
    claimId: string;
  }> {
    const nis = testNisCode();
    const account = await harness.call('PUT', `/api/v1/beneficiaries/${nis}`, {
      token: admin,
      body: { name: `Gemeente ${nis}`, iban: 'BE68539007547034' },
    });
    expect(account.status).toBe(200);
    const stay = aStay(nis, { placeType: 'separate-dwelling' });
    await mesh.event('housing.occupancy.changed.v1', stay);
    await mesh.event('registration.person.verification-changed.v1', aVerification(stay.personId));
    await waitForFacts(harness, [stay.stayId], [stay.personId]);
    const coordinator = await harness.token('gemeentelijk-coordinator', { sub: `c-${nis}`, nis });
    const claim = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(claim.status).toBe(201);
    const path = claim.headers.get('location')!;
    const read = await harness.call('GET', path, { token: coordinator });
    const submitted = await harness.call('POST', `${path}/submit`, {
      token: coordinator,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(submitted.status).toBe(200);
    return { nis, path, etag: submitted.headers.get('etag')!, claimId: claim.body.id };
  }

  async function approve(path: string, etag: string) {
    const approved = await harness.call('POST', `${path}/approve`, {
      token: validator,
      headers: { 'if-match': etag },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('goedgekeurd');
    return approved.body;
  }

  function statusOf(path: string, status: string) {
    return waitFor(`the claim version to be ${status}`, async () => {
      const version = await harness.call('GET', path, { token: validator });
      return version.body.status === status ? version.body : undefined;
    });
  }

  const ordersFor = (versionId: string) =>
    orafin.received.filter((order) => order.data['idempotencyKey'] === versionId);

  it('sends one payment order and reaches one paid state despite duplicate approvals and Orafin events', async () => {
    const { nis, path, etag, claimId } = await submittedClaim();
    const approved = await approve(path, etag);
    const paid = await statusOf(path, 'betaald');
    expect(paid.payment).toMatchObject({
      status: 'betaald',
      amountCents: 31 * 2_000,
      executionDate: '2026-11-20',
    });
    expect(paid.payment.paymentReference).toMatch(new RegExp(`^\\+\\+\\+${nis.slice(0, 3)}/`));

    // The approval delivered again: the same message, and the same fact under a new message id.
    const [approval] = await harness.outboxOf('subsidy.claim.approved.v1');
    const original = approval!.payload;
    expect(original.claimVersionId).toBe(approved.id);
    await mesh.event('subsidy.claim.approved.v1', original, approval!.id);
    await mesh.event('subsidy.claim.approved.v1', original);
    // Orafin's answers delivered again, under the same and under new message ids.
    const order = {
      paymentReference: paid.payment.paymentReference,
      idempotencyKey: approved.id,
      requester: 'subsidy',
    };
    await mesh.event('orafin.payment-order.accepted.v1', { ...order, fileSequence: 1 });
    const paidEvent = {
      ...order,
      amountCents: 62_000,
      executionDate: '2026-11-21',
      fileSequence: 1,
    };
    const paidId = await mesh.event('orafin.payment-order.paid.v1', paidEvent);
    await mesh.event('orafin.payment-order.paid.v1', paidEvent, paidId);
    await mesh.event('orafin.payment-order.paid.v1', paidEvent);
    // A late rejection of a paid order changes nothing either.
    await mesh.event('orafin.payment-order.rejected.v1', {
      ...order,
      stage: 'execution',
      reasonCode: 'AC04',
      reason: 'account closed',
    });

    // Wait until every one of those reached the inbox, then count.
    await waitFor('the duplicates to be handled', async () => {
      const [row] = await harness.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox WHERE message_type IN ('subsidy.claim.approved.v1', 'orafin.payment-order.accepted.v1', 'orafin.payment-order.paid.v1', 'orafin.payment-order.rejected.v1')`,
      );
      // first round: approved, accepted, paid; duplicates: 1 new approved id, 1 accepted,
      // 2 paid (one redelivered id counts once), 1 rejected.
      return row!.n >= 3 + 5 ? true : undefined;
    });
    const orders = (await harness.outboxOf('orafin.payment-order.submit.v1')).filter(
      (o) => o.payload.idempotencyKey === approved.id,
    );
    expect(orders).toHaveLength(1);
    expect(ordersFor(approved.id)).toHaveLength(1);
    expect(orders[0]!.payload).toMatchObject({
      amountCents: 62_000,
      currency: 'EUR',
      requester: 'subsidy',
      beneficiary: { name: `Gemeente ${nis}`, iban: 'BE68539007547034' },
    });
    const paidEvents = (await harness.outboxOf('subsidy.claim.paid.v1')).filter(
      (e) => e.payload.claimId === claimId,
    );
    expect(paidEvents).toHaveLength(1);
    const final = await harness.call('GET', path, { token: validator });
    expect(final.body.status).toBe('betaald');
    expect(final.body.payment.executionDate).toBe('2026-11-20');
    expect(final.body.history.map((h: any) => h.event)).toEqual([
      'calculated',
      'submitted',
      'approved',
      'payment-requested',
      'payment-paid',
    ]);
  });

  it('never changes a paid claim: a later tariff and a recalculation leave it as it was', async () => {
    const { nis, path, etag } = await submittedClaim();
    await approve(path, etag);
    const paid = await statusOf(path, 'betaald');
    const tariff = await harness.call('POST', '/api/v1/tariffs', {
      token: admin,
      body: { placeType: 'separate-dwelling', validFrom: '2026-10-01', dailyCents: 9_999 },
    });
    expect(tariff.status).toBe(201);
    const coordinator = await harness.token('gemeentelijk-coordinator', { sub: `c-${nis}`, nis });
    const recalculation = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(recalculation.status).toBe(409);
    expect(recalculation.body.code).toBe('CLAIM.IN_PROGRESS');
    const after = await harness.call('GET', path, { token: validator });
    expect(after.body.totals).toEqual(paid.totals);
    expect(after.body.lines).toEqual(paid.lines);
    expect(after.body.lines[0].segments[0].dailyCents).toBe(2_000);
    // Put the tariff back for the other tests: a correction with the same start, recorded later.
    await harness.call('POST', '/api/v1/tariffs', {
      token: admin,
      body: { placeType: 'separate-dwelling', validFrom: '2026-10-01', dailyCents: 2_000 },
    });
  });

  it('sends the order once the orafin-adapter is back, exactly once, also across a restart', async () => {
    await orafin.down();
    const { path, etag } = await submittedClaim();
    const approved = await approve(path, etag);
    await statusOf(path, 'betaling-aangevraagd');
    // The order left subsidy (the broker confirmed it) and waits in the adapter's queue.
    await waitFor('the order to be published', async () => {
      const rows = await harness.sql(
        `SELECT 1 FROM outbox WHERE routing_key = 'orafin.payment-order.submit.v1' AND payload->>'idempotencyKey' = $1 AND sent_at IS NOT NULL`,
        [approved.id],
      );
      return rows.length === 1 ? true : undefined;
    });
    expect(await orafin.depth()).toBeGreaterThanOrEqual(1);
    expect(ordersFor(approved.id)).toHaveLength(0);
    // Subsidy restarts while the adapter is away: nothing is sent again.
    await harness.restart();
    // This time the adapter echoes the reference as its 12 bare digits: still the same order.
    orafin.bareReferences = true;
    await orafin.up();
    const paid = await statusOf(path, 'betaald').finally(() => {
      orafin.bareReferences = false;
    });
    expect(paid.payment.status).toBe('betaald');
    expect(ordersFor(approved.id)).toHaveLength(1);
    const [row] = await harness.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'orafin.payment-order.submit.v1' AND payload->>'idempotencyKey' = $1`,
      [approved.id],
    );
    expect(row!.n).toBe(1);
  });

  it('shows a rejected payment’s reason and pays the correction once, under a new reference', async () => {
    // Orafin refuses the first order of this test, and pays every later one.
    let orders = 0;
    orafin.answer = () =>
      ++orders === 1
        ? { kind: 'reject', stage: 'orafin', code: 'IBAN', reason: 'beneficiary account refused' }
        : { kind: 'pay' };
    const { nis, path, etag, claimId } = await submittedClaim();
    const first = await approve(path, etag);
    const refused = await statusOf(path, 'betaling-geweigerd');
    expect(refused.payment).toMatchObject({
      status: 'geweigerd',
      rejection: { stage: 'orafin', code: 'IBAN', reason: 'beneficiary account refused' },
    });
    const rejectedEvents = (await harness.outboxOf('subsidy.claim.payment-rejected.v1')).filter(
      (e) => e.payload.claimId === claimId,
    );
    expect(rejectedEvents).toHaveLength(1);
    expect(rejectedEvents[0]!.payload).toMatchObject({ stage: 'orafin', reasonCode: 'IBAN' });

    // The municipality fixes its account; the claim is corrected as version 2.
    await harness.call('PUT', `/api/v1/beneficiaries/${nis}`, {
      token: admin,
      body: { name: `Gemeente ${nis}`, iban: 'BE71 0961 2345 6769' },
    });
    const coordinator = await harness.token('gemeentelijk-coordinator', { sub: `c-${nis}`, nis });
    const correction = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    expect(correction.status).toBe(201);
    const secondPath = correction.headers.get('location')!;
    expect(secondPath.endsWith('/versions/2')).toBe(true);
    const read = await harness.call('GET', secondPath, { token: coordinator });
    const submitted = await harness.call('POST', `${secondPath}/submit`, {
      token: coordinator,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    const second = await approve(secondPath, submitted.headers.get('etag')!);
    const paid = await statusOf(secondPath, 'betaald');

    expect(paid.payment.paymentReference).not.toBe(refused.payment.paymentReference);
    expect(ordersFor(first.id)).toHaveLength(1);
    expect(ordersFor(second.id)).toHaveLength(1);
    expect(ordersFor(second.id)[0]!.data['beneficiary'].iban).toBe('BE71096123456769');
    const claim = await harness.call('GET', `/api/v1/claims/${claimId}`, { token: validator });
    expect(claim.body.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'betaling-geweigerd'],
      [2, 'betaald'],
    ]);
    const paidEvents = (await harness.outboxOf('subsidy.claim.paid.v1')).filter(
      (e) => e.payload.claimId === claimId,
    );
    expect(paidEvents).toHaveLength(1);
  });

  it('never orders a second payment for a claim whose earlier version was paid after all', async () => {
    let orders = 0;
    orafin.answer = () =>
      ++orders === 1
        ? { kind: 'reject', stage: 'execution', code: 'AC04', reason: 'account closed' }
        : { kind: 'pay' };
    const { nis, path, etag, claimId } = await submittedClaim();
    const first = await approve(path, etag);
    await statusOf(path, 'betaling-geweigerd');
    // Orafin pays the refused order after all (a contradiction an operator must sort out).
    await harness.sql(`UPDATE payments SET status = 'betaald' WHERE claim_version_id = $1`, [
      first.id,
    ]);
    const coordinator = await harness.token('gemeentelijk-coordinator', { sub: `c-${nis}`, nis });
    const correction = await harness.call('POST', '/api/v1/claims', {
      token: coordinator,
      body: { nisCode: nis, period: '2026-10' },
    });
    const secondPath = correction.headers.get('location')!;
    const read = await harness.call('GET', secondPath, { token: coordinator });
    const submitted = await harness.call('POST', `${secondPath}/submit`, {
      token: coordinator,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    const second = await approve(secondPath, submitted.headers.get('etag')!);
    await waitFor('the approval to be parked', () =>
      Promise.resolve(
        harness.service.logs.some(
          (line) => JSON.stringify(line).includes(claimId) && JSON.stringify(line).includes('park'),
        )
          ? true
          : undefined,
      ),
    );
    const after = await harness.call('GET', secondPath, { token: validator });
    expect(after.body.status).toBe('goedgekeurd');
    expect(after.body.payment).toBeUndefined();
    expect(ordersFor(second.id)).toHaveLength(0);
  });

  it('ignores Orafin results for other requesters and for orders it did not send', async () => {
    await mesh.event('orafin.payment-order.paid.v1', {
      paymentReference: '+++000/0000/00101+++',
      idempotencyKey: 'not-a-claim-version',
      requester: 'subsidy',
      amountCents: 1,
      executionDate: '2026-11-20',
      fileSequence: 9,
    });
    const before = await harness.sql('SELECT claim_version_id, status FROM payments ORDER BY 1');
    await mesh.event('orafin.payment-order.paid.v1', {
      paymentReference: '+++000/0000/00101+++',
      idempotencyKey: randomUUID(),
      requester: 'subsidy',
      amountCents: 1,
      executionDate: '2026-11-20',
      fileSequence: 9,
    });
    const [someone] = before as { claim_version_id: string }[];
    await mesh.event('orafin.payment-order.rejected.v1', {
      paymentReference: '+++000/0000/00101+++',
      idempotencyKey: someone!.claim_version_id,
      requester: 'other-service',
      stage: 'orafin',
      reasonCode: 'DUPL',
      reason: 'duplicate',
    });
    await waitFor('the foreign result to be handled', async () => {
      const [row] = await harness.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox WHERE message_type = 'orafin.payment-order.paid.v1'`,
      );
      return row!.n >= 5 ? true : undefined;
    });
    await waitFor('the key that is no claim version to be ignored, not retried', () =>
      Promise.resolve(
        harness.service.logs.some((line) => String(line['msg']).includes('no claim version'))
          ? true
          : undefined,
      ),
    );
    expect(await harness.sql('SELECT claim_version_id, status FROM payments ORDER BY 1')).toEqual(
      before,
    );
  });
});
