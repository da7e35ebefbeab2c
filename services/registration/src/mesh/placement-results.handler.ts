import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  HousingPlacementAssignedV1,
  HousingPlacementEndedV1,
  HousingPlacementRejectedV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import { AuditTrail } from '@toevlucht/security';
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
    await this.inbox.handleOnceAtCommit(context, async (tx: Transaction) => {
      const dossier = await this.dossiers.lockPlacement(tx, dossierId);
      if (dossier === undefined) return; // not one of ours
      if (dossier.status !== 'open' || !applies(placement, dossier.placement)) {
        this.logger.log(
          `${context.envelope.type} does not apply to the dossier's placement: dropped`,
        );
        return;
      }
      await this.dossiers.answerPlacement(tx, dossierId, placement);
      await this.dossiers.addHistory(tx, dossierId, 'system:registration', event, 'open', {
        ...(placement.status === 'rejected' ? { reason: placement.reason } : {}),
        ...(placement.status === 'assigned' || placement.status === 'ended'
          ? { placeId: placement.placeId }
          : {}),
      });
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

/**
 * Which answers change what the dossier shows: an assignment always (housing keeps at most one
 * active placement per household; a coordinator may also place directly, without a request);
 * a rejection only while a request is pending, so a late or second refusal never unplaces a
 * household; an ending only of the placement the dossier shows.
 */
export function applies(answer: Placement, current: Placement | undefined): boolean {
  switch (answer.status) {
    case 'assigned':
      return true;
    case 'rejected':
      return current?.status === 'requested';
    case 'ended':
      return current?.status === 'assigned' && current.placementId === answer.placementId;
    case 'requested':
      return false;
  }
}
