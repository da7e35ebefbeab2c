import {
  CLAIM_STATUSES,
  type ClaimActor,
  decidePayment,
  decideReview,
  decideSubmit,
  newVersionAllowed,
  type VersionState,
} from './claim-workflow';

const coordinator: ClaimActor = {
  subject: 'coord-leuven',
  roles: ['gemeentelijk-coordinator'],
  nisCode: '24062',
};
const otherCoordinator: ClaimActor = { ...coordinator, subject: 'coord-gent', nisCode: '44021' };
const validator: ClaimActor = { subject: 'validator-1', roles: ['centrale-validator'] };
const both: ClaimActor = {
  subject: 'coord-leuven',
  roles: ['gemeentelijk-coordinator', 'centrale-validator'],
  nisCode: '24062',
};

const version = (overrides: Partial<VersionState> = {}): VersionState => ({
  status: 'berekend',
  nisCode: '24062',
  amountCents: 1_000,
  ...overrides,
});

describe('claim workflow', () => {
  it('lets a coordinator of the municipality submit a calculated claim', () => {
    expect(decideSubmit(version(), coordinator)).toEqual({ ok: true, next: 'ingediend' });
  });

  it('refuses submission by another municipality, another role, twice, or of nothing', () => {
    expect(decideSubmit(version(), otherCoordinator)).toMatchObject({
      refusal: 'CLAIM.OTHER_MUNICIPALITY',
    });
    expect(decideSubmit(version(), validator)).toMatchObject({ refusal: 'CLAIM.ROLE_NOT_ALLOWED' });
    expect(decideSubmit(version({ status: 'ingediend' }), coordinator)).toMatchObject({
      refusal: 'CLAIM.WRONG_STATUS',
    });
    expect(decideSubmit(version({ amountCents: 0 }), coordinator)).toMatchObject({
      refusal: 'CLAIM.NOTHING_TO_CLAIM',
    });
  });

  it('lets a central validator approve or reject a submitted claim', () => {
    const submitted = version({ status: 'ingediend', submittedBy: 'coord-leuven' });
    expect(decideReview(submitted, validator, 'approve')).toEqual({
      ok: true,
      next: 'goedgekeurd',
    });
    expect(decideReview(submitted, validator, 'reject')).toEqual({ ok: true, next: 'afgekeurd' });
  });

  it('four eyes: the submitter cannot approve or reject, even holding the validator role', () => {
    const submitted = version({ status: 'ingediend', submittedBy: 'coord-leuven' });
    expect(decideReview(submitted, both, 'approve')).toMatchObject({ refusal: 'CLAIM.FOUR_EYES' });
    expect(decideReview(submitted, both, 'reject')).toMatchObject({ refusal: 'CLAIM.FOUR_EYES' });
  });

  it('refuses review by a coordinator and of a claim not submitted', () => {
    const submitted = version({ status: 'ingediend', submittedBy: 'x' });
    expect(decideReview(submitted, coordinator, 'approve')).toMatchObject({
      refusal: 'CLAIM.ROLE_NOT_ALLOWED',
    });
    for (const status of CLAIM_STATUSES.filter((s) => s !== 'ingediend')) {
      expect(
        decideReview(version({ status, submittedBy: 'x' }), validator, 'approve'),
      ).toMatchObject({ refusal: 'CLAIM.WRONG_STATUS' });
    }
  });

  it('moves through payment once: each step only from the status before it', () => {
    expect(decidePayment('goedgekeurd', 'requested')).toEqual({
      ok: true,
      next: 'betaling-aangevraagd',
    });
    expect(decidePayment('betaling-aangevraagd', 'paid')).toEqual({ ok: true, next: 'betaald' });
    expect(decidePayment('betaling-aangevraagd', 'rejected')).toEqual({
      ok: true,
      next: 'betaling-geweigerd',
    });
    // Repeats and late arrivals are refused, so a redelivered event changes nothing.
    expect(decidePayment('betaling-aangevraagd', 'requested').ok).toBe(false);
    expect(decidePayment('betaald', 'paid').ok).toBe(false);
    expect(decidePayment('betaald', 'rejected').ok).toBe(false);
    expect(decidePayment('betaling-geweigerd', 'paid').ok).toBe(false);
    expect(decidePayment('ingediend', 'requested').ok).toBe(false);
  });

  it('allows a new version only before submission or after a refusal', () => {
    expect(newVersionAllowed(undefined)).toBe('first');
    expect(newVersionAllowed('berekend')).toBe('replace');
    expect(newVersionAllowed('afgekeurd')).toBe('correct');
    expect(newVersionAllowed('betaling-geweigerd')).toBe('correct');
    for (const status of ['ingediend', 'goedgekeurd', 'betaling-aangevraagd', 'betaald'] as const) {
      expect(newVersionAllowed(status)).toBe('refused');
    }
  });
});
