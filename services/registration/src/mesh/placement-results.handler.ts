import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { HousingPlacementAssignedV1, HousingPlacementRejectedV1 } from '@toevlucht/contracts';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import { AuditTrail } from '@toevlucht/security';
import type { Placement } from '../dossier/dossier.model';
import { DossierRepository } from '../persistence/dossier.repository';

/** Housing's answer to a placement request: the dossier shows the place, or why there is none. */
@Controller()
export class PlacementResultsHandler {
  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  private readonly logger = new Logger('PlacementResults');

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

  private async record(
    context: AmqpContext,
    dossierId: string,
    event: string,
    placement: Placement,
  ): Promise<void> {
    await this.inbox.handleOnce(context, async (tx: Transaction) => {
      if (!(await this.dossiers.lock(tx, dossierId))) return; // not one of ours
      const dossier = await this.dossiers.find(tx, dossierId);
      // Only an answer to a request we are waiting for: a late rejection never undoes an
      // assignment, and nobody is placed without being asked for.
      if (dossier?.status !== 'open' || dossier.placement?.status !== 'requested') {
        this.logger.log(`${context.envelope.type} for a dossier not waiting for a place: dropped`);
        return;
      }
      await this.dossiers.setPlacement(tx, dossierId, placement);
      await this.dossiers.addHistory(tx, dossierId, 'system:registration', event, 'open', {
        ...(placement.status === 'rejected' ? { reason: placement.reason } : {}),
        ...(placement.status === 'assigned' ? { placeId: placement.placeId } : {}),
      });
      await this.dossiers.bumpVersion(tx, dossierId, undefined);
      await this.audit.record(tx, {
        actor: 'system:registration',
        role: 'system',
        action: 'update',
        subjectIds: [dossierId],
        route: context.envelope.type,
        purpose: 'placement of a displaced household',
        requestId: context.envelope.id,
      });
    });
  }
}
