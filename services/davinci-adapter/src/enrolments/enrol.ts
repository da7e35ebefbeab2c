import type {
  DavinciEnrolmentConfirmedV1,
  DavinciEnrolmentCreateV1,
  DavinciEnrolmentRefusedV1,
} from '../../../../contracts/generated/message-payloads';
import type { DavinciClient } from '../davinci-api/davinci-client';

export type EnrolmentResult =
  | { readonly type: 'davinci.enrolment.confirmed.v1'; readonly data: DavinciEnrolmentConfirmedV1 }
  | { readonly type: 'davinci.enrolment.refused.v1'; readonly data: DavinciEnrolmentRefusedV1 };

/**
 * Enrols a learner: the aanmelding (a PUT on the requester's own reference, so it is made once
 * however often this runs), then the plaatsing under the command's enrolment key, so a retried
 * or re-sent command gets the same plaatsing back instead of a second one.
 */
export async function enrol(
  davinci: DavinciClient,
  command: DavinciEnrolmentCreateV1,
): Promise<EnrolmentResult> {
  const echo = {
    subjectRef: command.subjectRef,
    requester: command.requester,
    enrolmentKey: command.enrolmentKey,
  };
  const registrationId = await davinci.register(`${command.requester}:${command.subjectRef}`, {
    ...(command.learner.insz === undefined ? {} : { insz: command.learner.insz }),
    firstName: command.learner.firstName,
    lastName: command.learner.lastName,
    birthDate: command.learner.birthDate,
  });
  const outcome = await davinci.place(`${command.requester}:${command.enrolmentKey}`, {
    aanmeldingId: registrationId,
    modulevariantId: command.offerId,
    lesmomentId: command.lessonMomentId,
    vrijstellingGevraagd: command.feeExemptionRequested ?? false,
  });
  if (outcome.kind === 'refused') {
    return {
      type: 'davinci.enrolment.refused.v1',
      data: {
        ...echo,
        offerId: command.offerId,
        lessonMomentId: command.lessonMomentId,
        reason: outcome.reason,
        detail: outcome.detail,
      },
    };
  }
  const placement = outcome.placement;
  return {
    type: 'davinci.enrolment.confirmed.v1',
    data: {
      ...echo,
      registrationId,
      placementId: placement.plaatsingId,
      offerId: placement.modulevariantId,
      lessonMomentId: placement.lesmomentId,
      placementStatus: placement.status,
      paymentStatus: placement.betaalstatus,
      tariffCents: placement.tariefCent,
    },
  };
}
