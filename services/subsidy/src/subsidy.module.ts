import { Module, type Type } from '@nestjs/common';
import { SecurityModule } from '@toevlucht/security';
import { CalculateClaim } from './claims/calculate-claim';
import { ClaimQueries } from './claims/claim-queries';
import { CLOCK, type Clock, systemClock } from '@toevlucht/runtime';
import { ReviewClaim } from './claims/review-claim';
import { ClaimsController } from './http/claims.controller';
import { ReferenceController } from './http/reference.controller';
import { OccupancyHandler } from './mesh/occupancy.handler';
import { PaymentSagaHandler } from './payment/payment-saga.handler';
import { ClaimRepository } from './persistence/claim.repository';
import { OccupancyRepository } from './persistence/occupancy.repository';
import { PaymentRepository } from './persistence/payment.repository';
import { ReferenceRepository } from './persistence/reference.repository';
import { ReferenceData } from './tariffs/reference-data';

/**
 * The subsidy service: claims API (HTTP), tariffs and accounts, the facts from the mesh
 * (occupancy, verifications) and the payment saga. Health, metrics, persistence, messaging and
 * the outbox come from the runtime; authentication from libs/security.
 */
export function subsidyModule(
  /** Where OIDC settings come from (tests pass their own issuer's). */
  securityEnv: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock,
): Type<unknown> {
  @Module({
    imports: [SecurityModule.forRoot({ env: securityEnv })],
    controllers: [ClaimsController, ReferenceController, OccupancyHandler, PaymentSagaHandler],
    providers: [
      { provide: CLOCK, useValue: clock },
      ClaimRepository,
      OccupancyRepository,
      PaymentRepository,
      ReferenceRepository,
      CalculateClaim,
      ReviewClaim,
      ClaimQueries,
      ReferenceData,
    ],
  })
  class SubsidyModule {}
  return SubsidyModule;
}
