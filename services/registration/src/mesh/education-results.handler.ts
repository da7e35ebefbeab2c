import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  MagdaOnderwijsEnrolmentHistoryLookupFailedV1,
  MagdaOnderwijsEnrolmentHistoryRetrievedV1,
} from '@toevlucht/contracts';
import type { AmqpContext } from '@toevlucht/messaging';
import { isSchoolAgeOn } from '../domain/partial-date';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import { currentEnrolments } from '../dossier/enrolment';
import { MeshResults } from './mesh-results';

const PURPOSE = 'school enrolment of a minor (education referral)';

/** Whether a child already goes to school; a school-age child who does not goes on the work list. */
@Controller()
export class EducationResultsHandler {
  constructor(
    @Inject(MeshResults) private readonly results: MeshResults,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern<string>('magda.onderwijs.enrolment-history.retrieved.v1')
  async retrieved(
    @Payload() answer: MagdaOnderwijsEnrolmentHistoryRetrievedV1,
    @Ctx() context: AmqpContext,
  ) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      const today = this.clock.now();
      const current = currentEnrolments(answer.enrolments, today);
      await this.results.dossiers.setEducation(tx, person.id, {
        checkedAt: today.toISOString(),
        currentlyEnrolled: current.length > 0,
        institutions: current.map((enrolment) => ({
          number: enrolment.institutionNumber,
          ...(enrolment.institutionName === undefined ? {} : { name: enrolment.institutionName }),
        })),
      });
      if (current.length === 0 && isSchoolAgeOn(person.birthDate, today)) {
        await this.results.dossiers.addWorkItem(
          tx,
          person.dossierId,
          person.id,
          'school-age-not-enrolled',
        );
      }
    });
  }

  @EventPattern<string>('magda.onderwijs.enrolment-history.lookup-failed.v1')
  async failed(
    @Payload() answer: MagdaOnderwijsEnrolmentHistoryLookupFailedV1,
    @Ctx() context: AmqpContext,
  ) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      await this.results.dossiers.setEducation(tx, person.id, {
        checkedAt: this.clock.now().toISOString(),
        currentlyEnrolled: false,
        institutions: [],
        failure: answer.code,
      });
      await this.results.dossiers.addWorkItem(
        tx,
        person.dossierId,
        person.id,
        'education-lookup-failed',
        {
          code: answer.code,
        },
      );
    });
  }
}
