import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessagePublisher } from '@toevlucht/messaging';
import type {
  DavinciEnrolmentCreateV1,
  DavinciEnrolmentStatusChangedV1,
  DavinciEnrolmentStatusV1,
} from '../../../../contracts/generated/message-payloads';
import { DavinciClient } from '../davinci-api/davinci-client';
import { asMessageFailure } from '../davinci-api/message-failure';
import { enrol } from './enrol';

/** Enrolment commands: create (→ confirmed or refused) and status (→ status-changed). */
@Controller()
export class EnrolmentHandler {
  constructor(
    @Inject(DavinciClient) private readonly davinci: DavinciClient,
    @Inject(MessagePublisher) private readonly publisher: MessagePublisher,
  ) {}

  @EventPattern<string>('davinci.enrolment.create.v1')
  async create(@Payload() command: DavinciEnrolmentCreateV1): Promise<void> {
    const result = await asMessageFailure(() => enrol(this.davinci, command));
    await this.publisher.publish(result.type, result.data);
  }

  @EventPattern<string>('davinci.enrolment.status.v1')
  async status(@Payload() command: DavinciEnrolmentStatusV1): Promise<void> {
    const placement = await asMessageFailure(() => this.davinci.placement(command.placementId));
    await this.publisher.publish<DavinciEnrolmentStatusChangedV1>(
      'davinci.enrolment.status-changed.v1',
      {
        subjectRef: command.subjectRef,
        requester: command.requester,
        placementId: placement.plaatsingId,
        placementStatus: placement.status,
        paymentStatus: placement.betaalstatus,
        checkedAt: new Date().toISOString(),
      },
    );
  }
}
