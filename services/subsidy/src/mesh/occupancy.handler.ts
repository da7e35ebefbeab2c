import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  HousingOccupancyChangedV1,
  RegistrationPersonVerificationChangedV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import { OccupancyRepository } from '../persistence/occupancy.repository';

/**
 * The facts a claim is calculated from: housing's stays (kept per stay at its highest
 * revision) and registration's verifications (kept per person at the latest). Neither changes
 * an existing claim version: they count in the next calculation.
 */
@Controller()
export class OccupancyHandler {
  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(OccupancyRepository) private readonly occupancy: OccupancyRepository,
  ) {}

  @EventPattern<string>('housing.occupancy.changed.v1')
  async occupancyChanged(@Payload() event: HousingOccupancyChangedV1, @Ctx() context: AmqpContext) {
    await this.inbox.handleOnce(context, async (tx) => {
      await this.occupancy.recordStay(tx, {
        stayId: event.stayId,
        revision: event.revision,
        placementId: event.placementId,
        dossierId: event.dossierId,
        personId: event.personId,
        personKnown: event.personKnown !== false,
        placeId: event.placeId,
        placeType: event.placeType,
        nisCode: event.nisCode,
        from: event.from,
        ...(event.to === undefined ? {} : { to: event.to }),
      });
    });
  }

  @EventPattern<string>('registration.person.verification-changed.v1')
  async verificationChanged(
    @Payload() event: RegistrationPersonVerificationChangedV1,
    @Ctx() context: AmqpContext,
  ) {
    await this.inbox.handleOnce(context, async (tx) => {
      await this.occupancy.recordVerification(tx, event.personId, {
        status: event.status,
        ...(event.referte === undefined ? {} : { referte: event.referte }),
        ...(event.registerNisCode === undefined ? {} : { registerNisCode: event.registerNisCode }),
        at: event.at,
      });
    });
  }
}
