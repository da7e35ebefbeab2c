import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  DavinciEnrolmentConfirmedV1,
  DavinciEnrolmentRefusedV1,
  DavinciEnrolmentStatusChangedV1,
} from '@toevlucht/contracts';
import type { AmqpContext } from '@toevlucht/messaging';
import { MeshResults } from './mesh-results';

const PURPOSE = 'Dutch-course enrolment';

/** DAVINCI's answers to an enrolment staff asked for, and later changes of its status. */
@Controller()
export class CourseEnrolmentHandler {
  constructor(@Inject(MeshResults) private readonly results: MeshResults) {}

  @EventPattern<string>('davinci.enrolment.confirmed.v1')
  async confirmed(@Payload() answer: DavinciEnrolmentConfirmedV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      const current = person.courseEnrolment;
      if (current?.enrolmentKey !== answer.enrolmentKey) return; // superseded by a later request
      await this.results.dossiers.setCourseEnrolment(tx, person.id, {
        ...current,
        status: 'confirmed',
        placementId: answer.placementId,
        placementStatus: answer.placementStatus,
        paymentStatus: answer.paymentStatus,
      });
    });
  }

  @EventPattern<string>('davinci.enrolment.refused.v1')
  async refused(@Payload() answer: DavinciEnrolmentRefusedV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      const current = person.courseEnrolment;
      if (current?.enrolmentKey !== answer.enrolmentKey) return;
      await this.results.dossiers.setCourseEnrolment(tx, person.id, {
        ...current,
        status: 'refused',
        reason: answer.reason,
      });
    });
  }

  @EventPattern<string>('davinci.enrolment.status-changed.v1')
  async statusChanged(
    @Payload() answer: DavinciEnrolmentStatusChangedV1,
    @Ctx() context: AmqpContext,
  ) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      const current = person.courseEnrolment;
      if (current?.placementId !== answer.placementId) return;
      await this.results.dossiers.setCourseEnrolment(tx, person.id, {
        ...current,
        placementStatus: answer.placementStatus,
        paymentStatus: answer.paymentStatus,
      });
    });
  }
}
