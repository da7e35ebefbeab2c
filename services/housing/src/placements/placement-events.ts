import type { Outbox, OutgoingMessage } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import type { HousingPlacementRejectedV1 } from '@toevlucht/contracts';
import type { StayRow } from '../persistence/placement.repository';

/*
 * Ordering keys. The outbox holds back a key's later rows while an earlier one is unsent, and an
 * event nobody subscribes to yet (occupancy and endings, until subsidy runs) is unroutable and
 * stays unsent. So only the answers registration waits for (assigned, rejected) share the
 * dossier's key; a stay's changes are keyed by the stay (consumers order them by `revision`)
 * and an ending by its placement, so neither can hold back a later answer to the household.
 */

/**
 * One person's stay, its full current state. Written with the placement's own event in one
 * multi-row insert (Outbox.publishMany): a placement's transaction holds its place's row lock
 * until it commits, so every round trip in it holds up the next household for that place.
 */
export function stayMessage(
  stay: StayRow,
  change: 'started' | 'ended' | 'corrected',
): OutgoingMessage {
  return {
    type: 'housing.occupancy.changed.v1',
    data: {
      stayId: stay.id,
      revision: stay.revision,
      change,
      placementId: stay.placementId,
      dossierId: stay.dossierId,
      personId: stay.personId,
      ...(stay.personKnown ? {} : { personKnown: false }),
      ...(stay.ageBand === null ? {} : { ageBand: stay.ageBand }),
      placeId: stay.placeId,
      placeType: stay.placeType,
      nisCode: stay.nisCode,
      from: stay.from,
      ...(stay.to === null ? {} : { to: stay.to }),
    },
    options: { aggregateKey: stay.id },
  };
}

export type RejectionReason = HousingPlacementRejectedV1['reason'];

export async function publishRejection(
  outbox: Outbox,
  tx: Transaction,
  dossierId: string,
  reason: RejectionReason,
  placeId?: string,
): Promise<void> {
  await outbox.publish(
    tx,
    'housing.placement.rejected.v1',
    { dossierId, reason, ...(placeId === undefined ? {} : { placeId }) },
    { aggregateKey: dossierId },
  );
}
