import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DavinciCourseOffersFoundV1 } from '@toevlucht/contracts';
import type { AmqpContext } from '@toevlucht/messaging';
import { MeshResults } from './mesh-results';

/** Dutch-course offers near the reception address, shown to staff with the person. */
@Controller()
export class CourseOffersHandler {
  constructor(@Inject(MeshResults) private readonly results: MeshResults) {}

  @EventPattern<string>('davinci.course-offers.found.v1')
  async found(@Payload() answer: DavinciCourseOffersFoundV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, 'Dutch-course referral', async (tx, person) => {
      await this.results.dossiers.setCourseOffers(
        tx,
        person.id,
        answer.offers.map((offer) => ({
          offerId: offer.offerId,
          courseCode: offer.courseCode,
          institution: offer.institution,
          postcode: offer.postcode,
          ...(offer.courseName === undefined ? {} : { courseName: offer.courseName }),
          ...(offer.level === undefined ? {} : { level: offer.level }),
          ...(offer.startDate === undefined ? {} : { startDate: offer.startDate }),
          ...(offer.lessonMomentSlots === undefined
            ? {}
            : { lessonMoments: offer.lessonMomentSlots }),
        })),
      );
    });
  }
}
