import type { Outbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import type { ClaimRow } from '../persistence/claim.repository';

type VersionFacts = {
  readonly id: string;
  readonly version: number;
  readonly amountCents: number;
};

export type ClaimEventType =
  | 'subsidy.claim.calculated.v1'
  | 'subsidy.claim.submitted.v1'
  | 'subsidy.claim.approved.v1'
  | 'subsidy.claim.rejected.v1'
  | 'subsidy.claim.paid.v1'
  | 'subsidy.claim.payment-rejected.v1';

/**
 * Writes a subsidy.claim.* event into the outbox in the caller's transaction. The events of one
 * claim share its ordering key, so consumers see calculated before submitted before paid, except
 * the approval: it starts the payment saga (subsidy consumes it itself), so it has its version's
 * own key and never waits behind an informational event of the claim that the relay is still
 * retrying (a broker refusal, a confirm timeout).
 */
export async function publishClaimEvent(
  outbox: Outbox,
  tx: Transaction,
  type: ClaimEventType,
  claim: ClaimRow,
  version: VersionFacts,
  at: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await outbox.publish(
    tx,
    type,
    {
      claimId: claim.id,
      claimVersionId: version.id,
      version: version.version,
      nisCode: claim.nisCode,
      period: claim.period,
      amountCents: version.amountCents,
      at: at.toISOString(),
      ...extra,
    },
    { aggregateKey: type === 'subsidy.claim.approved.v1' ? `approval:${version.id}` : claim.id },
  );
}
