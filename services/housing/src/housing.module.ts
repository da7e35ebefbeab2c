import { Module, type Type } from '@nestjs/common';
import { CLOCK, systemClock } from '@toevlucht/runtime';
import { SecurityModule } from '@toevlucht/security';
import { CoordinatorRegistry } from './coordinators/coordinator-registry';
import type { HousingSettings } from './housing.config';
import { CoordinatorsController } from './http/coordinators.controller';
import { OffersController } from './http/offers.controller';
import { PlacementsController } from './http/placements.controller';
import { PublicIntakeController } from './http/public-intake.controller';
import { INTAKE_RATE, IntakeRateLimit } from './intake/intake-rate-limit';
import { PlacementMessagesHandler } from './mesh/placement-request.handler';
import { OfferQueries } from './offers/offer-queries';
import { SubmitOffer } from './offers/submit-offer';
import { TransitionOffer } from './offers/transition-offer';
import { CoordinatorRepository } from './persistence/coordinator.repository';
import { OfferRepository } from './persistence/offer.repository';
import { PersonalDataCodec } from './persistence/personal-data-codec';
import { PlacementRepository } from './persistence/placement.repository';
import { EndPlacement } from './placements/end-placement';
import { OccupancyQueries } from './placements/occupancy-queries';
import { PlaceHousehold } from './placements/place-household';
import { PostcodeLookup } from './reference-data/postcode-lookup';

export const DEFAULT_HOUSING_SETTINGS: HousingSettings = { intakeBurst: 5, intakePerHour: 20 };

/**
 * The housing service: offers (public intake, coordinators' entry, the validation workflow),
 * reception places, placements and the occupancy history, coordinators; and the mesh's
 * placement requests and closed dossiers. Health, metrics, persistence, messaging and the
 * outbox come from the runtime; authentication, encryption and audit from libs/security.
 */
export function housingModule(
  settings: HousingSettings = DEFAULT_HOUSING_SETTINGS,
  /** Where OIDC and key settings come from (tests pass their own issuer's). */
  securityEnv: NodeJS.ProcessEnv = process.env,
): Type<unknown> {
  @Module({
    imports: [SecurityModule.forRoot({ env: securityEnv })],
    controllers: [
      PublicIntakeController,
      OffersController,
      PlacementsController,
      CoordinatorsController,
      PlacementMessagesHandler,
    ],
    providers: [
      { provide: CLOCK, useValue: systemClock },
      { provide: PostcodeLookup, useFactory: () => PostcodeLookup.load() },
      {
        provide: INTAKE_RATE,
        useValue: { burst: settings.intakeBurst, perHour: settings.intakePerHour },
      },
      IntakeRateLimit,
      PersonalDataCodec,
      OfferRepository,
      PlacementRepository,
      CoordinatorRepository,
      CoordinatorRegistry,
      SubmitOffer,
      TransitionOffer,
      OfferQueries,
      PlaceHousehold,
      EndPlacement,
      OccupancyQueries,
    ],
  })
  class HousingModule {}
  return HousingModule;
}
