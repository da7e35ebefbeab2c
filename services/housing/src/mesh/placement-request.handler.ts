import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { HousingPlacementRequestV1, RegistrationDossierClosedV1 } from '@toevlucht/contracts';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import { EndPlacement } from '../placements/end-placement';
import { PlaceHousehold } from '../placements/place-household';

/**
 * The mesh's side of placements: registration's request for a place, and the closing of a
 * dossier, which ends its placement. Each in the inbox's transaction, so a redelivered message
 * places or ends nothing twice.
 */
@Controller()
export class PlacementMessagesHandler {
  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(PlaceHousehold) private readonly placing: PlaceHousehold,
    @Inject(EndPlacement) private readonly ending: EndPlacement,
  ) {}

  @EventPattern<string>('housing.placement.request.v1')
  async request(@Payload() request: HousingPlacementRequestV1, @Ctx() context: AmqpContext) {
    await this.inbox.handleOnce(context, async (tx) => {
      await this.placing.fromRequest(tx, request);
    });
  }

  @EventPattern<string>('registration.dossier.closed.v1')
  async dossierClosed(@Payload() event: RegistrationDossierClosedV1, @Ctx() context: AmqpContext) {
    await this.inbox.handleOnce(context, (tx) => this.ending.forClosedDossier(tx, event.dossierId));
  }
}
