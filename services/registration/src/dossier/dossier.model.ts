import type { PartialDate } from '../domain/partial-date';

/*
 * The dossier as the service's use cases see it: plain values, decrypted. Persistence encrypts
 * the personal fields on the way in and out; nothing here knows about ciphertexts or SQL.
 */

export type Gender = 'M' | 'F' | 'X' | 'unknown';

export const WELFARE_NEEDS = [
  'medical-care',
  'mental-health',
  'disability',
  'child-care',
  'other',
] as const;
export type WelfareNeed = (typeof WELFARE_NEEDS)[number];

export const EDUCATION_FORMS = [
  'kleuteronderwijs',
  'lager-onderwijs',
  'okan',
  'secundair-aso',
  'secundair-tso',
  'secundair-bso',
  'secundair-kso',
  'buitengewoon-onderwijs',
  'deeltijds-beroepssecundair',
] as const;
export type EducationForm = (typeof EDUCATION_FORMS)[number];

export const LESSON_AVAILABILITY = ['morning', 'afternoon', 'evening', 'weekend'] as const;
export type LessonAvailability = (typeof LESSON_AVAILABILITY)[number];

/** The referral questions ("toeleidingsvragen") of one person. */
export interface Needs {
  /** Minors: school now and after the reception class (OKAN). */
  readonly education?: {
    readonly alreadyEnrolled: boolean;
    readonly level?: string;
    readonly desiredForm?: EducationForm;
    readonly desiredStudyArea?: string;
  };
  /** Adults: Dutch as a second language (NT2), through DAVINCI. */
  readonly dutchLessons?: {
    readonly wanted: boolean;
    readonly level?: string;
    readonly availability?: readonly LessonAvailability[];
  };
  readonly welfare?: readonly WelfareNeed[];
}

export interface Consent {
  /** The person agrees that partners (schools, OCMW, CAW) are told of their referral needs. */
  readonly referralSharing: boolean;
  /** Partners may contact the household directly with the contact data on file. */
  readonly partnerContact: boolean;
}

export interface ReceptionAddress {
  readonly street: string;
  readonly houseNumber: string;
  readonly box?: string;
  readonly postcode: string;
}

export type VerificationStatus =
  'not-applicable' | 'pending' | 'verified' | 'mismatch' | 'not-found' | 'failed' | 'deceased';

export interface Verification {
  readonly status: VerificationStatus;
  /** Which declared fields disagree with the register (names only, never values). */
  readonly mismatches?: readonly string[];
  readonly code?: string;
  readonly referte?: string;
  readonly at?: string;
}

export interface PersonData {
  readonly familyNames: readonly string[];
  readonly givenNames: readonly string[];
  readonly birthDate: PartialDate;
  readonly gender: Gender;
  readonly nationality?: string;
  readonly insz?: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly languages: readonly string[];
  readonly needs: Needs;
}

export interface Person extends PersonData {
  readonly id: string;
  readonly isReference: boolean;
  readonly verification: Verification;
  readonly education?: EducationResult;
  readonly courseOffers?: readonly CourseOffer[];
  readonly courseEnrolment?: CourseEnrolment;
  readonly flags: readonly string[];
}

export interface EducationResult {
  readonly checkedAt: string;
  readonly currentlyEnrolled: boolean;
  readonly institutions: readonly { readonly number: string; readonly name?: string }[];
  readonly failure?: string;
}

export interface CourseOffer {
  readonly offerId: string;
  readonly courseCode: string;
  readonly courseName?: string;
  readonly level?: string;
  readonly institution: string;
  readonly postcode: string;
  readonly startDate?: string;
  readonly lessonMoments?: readonly {
    readonly lessonMomentId: string;
    readonly description: string;
    readonly freePlaces: number;
  }[];
}

/** A Dutch-course enrolment staff asked for, and what DAVINCI answered. */
export interface CourseEnrolment {
  readonly enrolmentKey: string;
  readonly status: 'requested' | 'confirmed' | 'refused';
  readonly offerId: string;
  readonly lessonMomentId: string;
  readonly requestedAt: string;
  readonly placementId?: string;
  /** DAVINCI's plaatsing status: gereserveerd, toegewezen, ingeschreven, uitgeschreven, niet-toegewezen. */
  readonly placementStatus?: string;
  /** te-betalen, betaald, vrijgesteld. */
  readonly paymentStatus?: string;
  readonly reason?: string;
}

export type DossierStatus = 'open' | 'closed' | 'anonymised';
export const CLOSE_REASONS = ['departed', 'duplicate', 'deceased', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export type Placement =
  | { readonly status: 'requested'; readonly requestedAt: string }
  | {
      readonly status: 'assigned';
      readonly placementId: string;
      readonly placeId: string;
      readonly nisCode: string;
      readonly from: string;
    }
  | { readonly status: 'rejected'; readonly reason: string }
  | {
      readonly status: 'ended';
      readonly placementId: string;
      readonly placeId: string;
      readonly nisCode: string;
      readonly from?: string;
      readonly to: string;
      readonly reason: string;
    };

export interface Dossier {
  readonly id: string;
  readonly status: DossierStatus;
  readonly version: number;
  readonly receptionAddress?: ReceptionAddress;
  readonly nisCode?: string;
  readonly consent: Consent;
  readonly placement?: Placement;
  readonly members: readonly Person[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
  readonly closeReason?: CloseReason;
}
