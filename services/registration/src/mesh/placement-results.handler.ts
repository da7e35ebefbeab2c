import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  HousingPlacementAssignedV1,
  HousingPlacementEndedV1,
  HousingPlacementRejectedV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import type { Placement } from '../dossier/dossier.model';
import { DossierRepository } from '../persistence/dossier.repository';

/**
 * Housing's answer to a placement request: the dossier shows the place, or why there is none;
 * and the end of a placement (move-out), so the dossier no longer shows a place it left.
 */
@Controller()
export class PlacementResultsHandler {
  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
  ) {}

  @EventPattern<string>('housing.placement.assigned.v1')
  async assigned(@Payload() answer: HousingPlacementAssignedV1, @Ctx() context: AmqpContext) {
    await this.record(context, answer.dossierId, 'placement-assigned', {
      status: 'assigned',
      placementId: answer.placementId,
      placeId: answer.placeId,
      nisCode: answer.nisCode,
      from: answer.from,
    });
  }

  @EventPattern<string>('housing.placement.rejected.v1')
  async rejected(@Payload() answer: HousingPlacementRejectedV1, @Ctx() context: AmqpContext) {
    await this.record(context, answer.dossierId, 'placement-rejected', {
      status: 'rejected',
      reason: answer.reason,
    });
  }

  @EventPattern<string>('housing.placement.ended.v1')
  async ended(@Payload() event: HousingPlacementEndedV1, @Ctx() context: AmqpContext) {
    await this.record(context, event.dossierId, 'placement-ended', {
      status: 'ended',
      placementId: event.placementId,
      placeId: event.placeId,
      nisCode: event.nisCode,
      ...(event.from === undefined ? {} : { from: event.from }),
      to: event.to,
      reason: event.reason,
    });
  }

  private async record(
    context: AmqpContext,
    dossierId: string,
    event: string,
    placement: Placement,
  ): Promise<void> {
    await this.inbox.handleOnce(context, async (tx: Transaction) => {
      const dossier = await this.dossiers.find(tx, dossierId);
      // Placements of households registered elsewhere (other requesters) are not ours.
      if (dossier === undefined || dossier.status !== 'open') return;
      const current = dossier.placement;
      // A refused second assignment (already placed) does not unplace the household, and only
      // the ending of the placement the dossier shows changes it.
      if (placement.status === 'rejected' && current?.status === 'assigned') return;
      if (
        placement.status === 'ended' &&
        (current?.status !== 'assigned' || current.placementId !== placement.placementId)
      ) {
        return;
      }
      await this.dossiers.setPlacement(tx, dossierId, placement);
      await this.dossiers.addHistory(tx, dossierId, 'system:registration', event, 'open', {
        ...(placement.status === 'rejected' ? { reason: placement.reason } : {}),
        ...(placement.status === 'assigned' || placement.status === 'ended'
          ? { placeId: placement.placeId }
          : {}),
      });
    });
  }
}
