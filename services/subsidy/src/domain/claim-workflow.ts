/**
 * The life of one claim version (subsidiedossier):
 *
 *   berekend ──submit──▶ ingediend ──approve──▶ goedgekeurd ──▶ betaling-aangevraagd ──▶ betaald
 *      │                     └──reject──▶ afgekeurd                     └──▶ betaling-geweigerd
 *      └──(recalculated with another result)──▶ vervangen
 *
 * Submitting is for a municipal coordinator of the claim's own municipality; approving and
 * rejecting for a central validator who did not submit it (four eyes). A version is never
 * changed after it left `berekend` except by these steps; a correction (after `afgekeurd` or
 * `betaling-geweigerd`) or a recalculation with another result is a new version.
 */
export const CLAIM_STATUSES = [
  'berekend',
  'vervangen',
  'ingediend',
  'goedgekeurd',
  'afgekeurd',
  'betaling-aangevraagd',
  'betaald',
  'betaling-geweigerd',
] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Who acts: the token's subject, roles and (for a coordinator) municipality. */
export interface ClaimActor {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly nisCode?: string;
}

export interface VersionState {
  readonly status: ClaimStatus;
  readonly nisCode: string;
  readonly amountCents: number;
  readonly submittedBy?: string;
}

export type WorkflowRefusal =
  | 'CLAIM.WRONG_STATUS'
  | 'CLAIM.OTHER_MUNICIPALITY'
  | 'CLAIM.ROLE_NOT_ALLOWED'
  | 'CLAIM.FOUR_EYES'
  | 'CLAIM.NOTHING_TO_CLAIM';

export type Decision =
  | { readonly ok: true; readonly next: ClaimStatus }
  | { readonly ok: false; readonly refusal: WorkflowRefusal };

const refuse = (refusal: WorkflowRefusal): Decision => ({ ok: false, refusal });

/** May this coordinator act for this municipality? */
export function actsFor(actor: ClaimActor, nisCode: string): boolean {
  return actor.roles.includes('gemeentelijk-coordinator') && actor.nisCode === nisCode;
}

export function decideSubmit(version: VersionState, actor: ClaimActor): Decision {
  if (!actor.roles.includes('gemeentelijk-coordinator')) return refuse('CLAIM.ROLE_NOT_ALLOWED');
  if (!actsFor(actor, version.nisCode)) return refuse('CLAIM.OTHER_MUNICIPALITY');
  if (version.status !== 'berekend') return refuse('CLAIM.WRONG_STATUS');
  // Orafin takes no zero-euro payment order, and there is nothing to approve.
  if (version.amountCents <= 0) return refuse('CLAIM.NOTHING_TO_CLAIM');
  return { ok: true, next: 'ingediend' };
}

export function decideReview(
  version: VersionState,
  actor: ClaimActor,
  verdict: 'approve' | 'reject',
): Decision {
  if (!actor.roles.includes('centrale-validator')) return refuse('CLAIM.ROLE_NOT_ALLOWED');
  if (version.status !== 'ingediend') return refuse('CLAIM.WRONG_STATUS');
  if (version.submittedBy === undefined || version.submittedBy === actor.subject)
    return refuse('CLAIM.FOUR_EYES');
  return { ok: true, next: verdict === 'approve' ? 'goedgekeurd' : 'afgekeurd' };
}

/** The payment saga's steps; each is allowed from one status only, so a repeat is a no-op. */
export type PaymentEvent = 'requested' | 'paid' | 'rejected';

const PAYMENT_FROM: Readonly<Record<PaymentEvent, ClaimStatus>> = {
  requested: 'goedgekeurd',
  paid: 'betaling-aangevraagd',
  rejected: 'betaling-aangevraagd',
};

const PAYMENT_TO: Readonly<Record<PaymentEvent, ClaimStatus>> = {
  requested: 'betaling-aangevraagd',
  paid: 'betaald',
  rejected: 'betaling-geweigerd',
};

export function decidePayment(status: ClaimStatus, event: PaymentEvent): Decision {
  return status === PAYMENT_FROM[event]
    ? { ok: true, next: PAYMENT_TO[event] }
    : refuse('CLAIM.WRONG_STATUS');
}

/**
 * What a new calculation may do, given the claim's latest version: start the claim, replace a
 * version not yet submitted, or correct a refused one. Anything in review or payment (or paid)
 * must not move under its reviewer's or Orafin's feet.
 */
export function newVersionAllowed(
  latest: ClaimStatus | undefined,
): 'first' | 'replace' | 'correct' | 'refused' {
  switch (latest) {
    case undefined:
      return 'first';
    case 'berekend':
      return 'replace';
    case 'afgekeurd':
    case 'betaling-geweigerd':
      return 'correct';
    case 'vervangen':
    case 'ingediend':
    case 'goedgekeurd':
    case 'betaling-aangevraagd':
    case 'betaald':
      return 'refused';
  }
}
