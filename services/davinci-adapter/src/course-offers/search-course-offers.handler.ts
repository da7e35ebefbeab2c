import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessagePublisher } from '@toevlucht/messaging';
import type {
  DavinciCourseOffersFoundV1,
  DavinciCourseOffersSearchV1,
} from '../../../../contracts/generated/message-payloads';
import { DavinciClient } from '../davinci-api/davinci-client';
import { asMessageFailure } from '../davinci-api/message-failure';
import { toCourseOffer } from './domain/offer-mapping';

/** davinci.course-offers.search.v1 → DAVINCI's offers near the postcode → .found.v1. */
@Controller()
export class SearchCourseOffersHandler {
  constructor(
    @Inject(DavinciClient) private readonly davinci: DavinciClient,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
  ) {}

  @EventPattern<string>('davinci.course-offers.search.v1')
  async handle(@Payload() command: DavinciCourseOffersSearchV1): Promise<void> {
    const offers = await asMessageFailure(() =>
      this.davinci.searchOffers({
        postcode: command.postcode,
        ...(command.level === undefined ? {} : { level: command.level }),
        ...(command.period?.from === undefined ? {} : { from: command.period.from }),
        ...(command.period?.until === undefined ? {} : { until: command.period.until }),
        max: command.maxResults ?? 10,
      }),
    );
    await this.publisher.publish<DavinciCourseOffersFoundV1>('davinci.course-offers.found.v1', {
      subjectRef: command.subjectRef,
      requester: command.requester,
      offers: offers.map(toCourseOffer),
    });
  }
}
