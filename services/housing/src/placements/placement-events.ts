import type { Outbox } from '@toevlucht/messaging';
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

/** One person's stay, its full current state. */
export async function publishStay(
  outbox: Outbox,
  tx: Transaction,
  stay: StayRow,
  change: 'started' | 'ended' | 'corrected',
): Promise<void> {
  await outbox.publish(
    tx,
    'housing.occupancy.changed.v1',
    {
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
    { aggregateKey: stay.id },
  );
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
