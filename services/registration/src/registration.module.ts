import { Module, type Type } from '@nestjs/common';
import { SecurityModule } from '@toevlucht/security';
import { EerstelijnszoneDirectory, PostcodeDirectory } from './domain/postcodes';
import { loadReferenceData } from './reference-data/load-reference-data';
import { ChangeDossier } from './dossier/change-dossier';
import { CLOCK, systemClock } from '@toevlucht/runtime';
import { DossierQueries } from './dossier/dossier-queries';
import { ReceptionAddressResolver } from './dossier/reception-address';
import { INSZ_RULES } from './dossier/person-validation';
import { RegisterDossier } from './dossier/register-dossier';
import { DossiersController } from './http/dossiers.controller';
import { CourseEnrolmentHandler } from './mesh/course-enrolment.handler';
import { CourseOffersHandler } from './mesh/course-offers.handler';
import { EducationResultsHandler } from './mesh/education-results.handler';
import { IdentityResultsHandler } from './mesh/identity-results.handler';
import { MeshResults } from './mesh/mesh-results';
import { PlacementResultsHandler } from './mesh/placement-results.handler';
import { DossierRepository } from './persistence/dossier.repository';
import { PersonalDataCodec } from './persistence/personal-data-codec';
import type { RegistrationSettings } from './registration.config';
import { NeedsReport, REPORT_SETTINGS } from './reporting/needs-report';
import { ReportsController } from './reporting/reports.controller';
import { AnonymiseDossiers, RETENTION_SETTINGS } from './retention/anonymise-dossiers';
import { RetentionController } from './retention/retention.controller';
import { RetentionScheduler } from './retention/retention.scheduler';
import { WorkList } from './work-list/work-list';
import { WorkListController } from './work-list/work-list.controller';

/**
 * The registration service: the dossier API (HTTP), the answers from the mesh (messages),
 * reporting, the work list and retention. Health, metrics, persistence, messaging and the
 * outbox come from the runtime (libs/runtime); authentication, encryption and audit from
 * libs/security.
 */
export function registrationModule(
  settings: RegistrationSettings,
  /** Where OIDC and key settings come from (tests pass their own issuer's). */
  securityEnv: NodeJS.ProcessEnv = process.env,
): Type<unknown> {
  const referenceData = loadReferenceData();
  @Module({
    imports: [SecurityModule.forRoot({ env: securityEnv })],
    controllers: [
      DossiersController,
      WorkListController,
      ReportsController,
      RetentionController,
      IdentityResultsHandler,
      EducationResultsHandler,
      CourseOffersHandler,
      CourseEnrolmentHandler,
      PlacementResultsHandler,
    ],
    providers: [
      { provide: CLOCK, useValue: systemClock },
      { provide: PostcodeDirectory, useValue: referenceData.postcodes },
      { provide: EerstelijnszoneDirectory, useValue: referenceData.zones },
      {
        provide: RETENTION_SETTINGS,
        useValue: {
          retentionDays: settings.retentionDays,
          checkIntervalMs: settings.retentionCheckIntervalMs,
        },
      },
      { provide: REPORT_SETTINGS, useValue: { minimumCell: settings.reportMinimumCell } },
      {
        provide: INSZ_RULES,
        useValue: { acceptMagdaTestNumbers: settings.acceptMagdaTestNumbers },
      },
      PersonalDataCodec,
      DossierRepository,
      ReceptionAddressResolver,
      RegisterDossier,
      ChangeDossier,
      DossierQueries,
      MeshResults,
      WorkList,
      NeedsReport,
      AnonymiseDossiers,
      RetentionScheduler,
    ],
  })
  class RegistrationModule {}
  return RegistrationModule;
}
