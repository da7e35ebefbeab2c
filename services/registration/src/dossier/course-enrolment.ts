import { isMinorOn, parsePartialDate } from '../domain/partial-date';
import type { CourseEnrolment, Person } from './dossier.model';
import { type OutgoingCommand, REQUESTER } from './follow-up-commands';

export interface EnrolmentRequest {
  readonly offerId: string;
  readonly lessonMomentId: string;
  readonly feeExemptionRequested?: boolean;
}

export type EnrolmentDecision =
  | { readonly ok: true; readonly command: OutgoingCommand; readonly enrolment: CourseEnrolment }
  | { readonly ok: false; readonly type: string; readonly detail: string };

/**
 * Whether staff may enrol this person in this lesson moment, and the command that does it. Only
 * adults, only in an offer DAVINCI proposed for them (and a lesson moment of it), only with a
 * full birth date (DAVINCI registers learners by it), and once per offer and lesson moment: the
 * enrolment key makes a repeated request the same enrolment at DAVINCI (its Idempotency-Key).
 */
export function decideEnrolment(
  person: Person,
  request: EnrolmentRequest,
  today: Date,
): EnrolmentDecision {
  if (isMinorOn(person.birthDate, today) !== false) {
    return { ok: false, type: 'not-an-adult', detail: 'Dutch courses are for adults' };
  }
  const birth = parsePartialDate(person.birthDate);
  if (birth?.day === undefined) {
    return {
      ok: false,
      type: 'birth-date-incomplete',
      detail: 'DAVINCI needs the full birth date: complete it first',
    };
  }
  const offer = person.courseOffers?.find((o) => o.offerId === request.offerId);
  if (offer === undefined) {
    return {
      ok: false,
      type: 'unknown-offer',
      detail: 'not one of the course offers found for this person: search again',
    };
  }
  if (
    offer.lessonMoments !== undefined &&
    !offer.lessonMoments.some((m) => m.lessonMomentId === request.lessonMomentId)
  ) {
    return {
      ok: false,
      type: 'unknown-lesson-moment',
      detail: 'not a lesson moment of this offer',
    };
  }
  const enrolmentKey = `${person.id}:${request.offerId}:${request.lessonMomentId}`;
  if (
    person.courseEnrolment?.enrolmentKey === enrolmentKey &&
    person.courseEnrolment.status !== 'refused'
  ) {
    return { ok: false, type: 'already-requested', detail: 'this enrolment was already asked for' };
  }
  const lastName = person.familyNames.join(' ');
  return {
    ok: true,
    enrolment: {
      enrolmentKey,
      status: 'requested',
      offerId: request.offerId,
      lessonMomentId: request.lessonMomentId,
      requestedAt: today.toISOString(),
    },
    command: {
      type: 'davinci.enrolment.create.v1',
      data: {
        subjectRef: person.id,
        requester: REQUESTER,
        enrolmentKey,
        learner: {
          ...(person.insz === undefined ? {} : { insz: person.insz }),
          // DAVINCI needs a first name; people with one name only are registered by it twice.
          firstName: person.givenNames[0] ?? lastName,
          lastName,
          birthDate: person.birthDate,
        },
        offerId: request.offerId,
        lessonMomentId: request.lessonMomentId,
        ...(request.feeExemptionRequested === undefined
          ? {}
          : { feeExemptionRequested: request.feeExemptionRequested }),
      },
    },
  };
}
