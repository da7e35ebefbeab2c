// Generated from contracts/messages/*.schema.json by `npm run contracts:generate`.
// Do not edit: change the schema and generate again (CI fails when this file drifts).


/**
 * The offers DAVINCI returned, nearest first (possibly none).
 */
export interface DavinciCourseOffersFoundV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  offers: {
    offerId: string;
    courseCode: string;
    courseName?: string;
    level?: string;
    institution: string;
    postcode: string;
    startDate?: string;
    lessonMoments?: string[];
    tariffCents?: number;
    /**
     * The lesson moments with their ids (for davinci.enrolment.create.v1) and free places; lessonMoments holds their descriptions.
     */
    lessonMomentSlots?: {
      lessonMomentId: string;
      description: string;
      freePlaces: number;
    }[];
    feeExemptionPossible?: boolean;
    endDate?: string;
  }[];
}

/**
 * Answered by davinci.course-offers.found.v1 with this command's id as causationid. Only a postcode and the desired level: no personal data.
 */
export interface DavinciCourseOffersSearchV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  postcode: string;
  /**
   * Desired NT2 level (e.g. 1.1, richtgraad 1); absent = any.
   */
  level?: string;
  maxResults?: number;
  /**
   * Only offers starting in this period (inclusive); absent = any.
   */
  period?: {
    from?: string;
    until?: string;
  };
}

/**
 * DAVINCI accepted the plaatsing; its status and the fee's payment status as DAVINCI gave them.
 */
export interface DavinciEnrolmentConfirmedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The requester's idempotency key for this enrolment (e.g. its need id and version): sent to DAVINCI as the Idempotency-Key of the plaatsing, so a retried or re-sent command never enrols twice.
   */
  enrolmentKey: string;
  /**
   * DAVINCI's aanmelding id.
   */
  registrationId: string;
  /**
   * DAVINCI's plaatsing id; ask its status with davinci.enrolment.status.v1.
   */
  placementId: string;
  offerId: string;
  lessonMomentId: string;
  /**
   * DAVINCI's plaatsing status.
   */
  placementStatus: "gereserveerd" | "toegewezen" | "ingeschreven" | "uitgeschreven" | "niet-toegewezen";
  /**
   * Payment status of the course fee.
   */
  paymentStatus: "te-betalen" | "betaald" | "vrijgesteld";
  tariffCents?: number;
}

/**
 * Registers the learner with DAVINCI (aanmelding) when needed, then places them in the lesson moment (plaatsing). Answered by davinci.enrolment.confirmed.v1, or davinci.enrolment.refused.v1 when the lesson moment is full or the person is not eligible (business answers), with this command's id as causationid.
 */
export interface DavinciEnrolmentCreateV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The requester's idempotency key for this enrolment (e.g. its need id and version): sent to DAVINCI as the Idempotency-Key of the plaatsing, so a retried or re-sent command never enrols twice.
   */
  enrolmentKey: string;
  learner: {
    insz?: string;
    firstName: string;
    lastName: string;
    birthDate: string;
  };
  /**
   * The ingerichte modulevariant (offerId of davinci.course-offers.found.v1).
   */
  offerId: string;
  lessonMomentId: string;
  /**
   * Ask for exemption of the course fee (e.g. for a person in reception).
   */
  feeExemptionRequested?: boolean;
}

/**
 * A business answer, not a failure: the lesson moment is full, or the person is not eligible for this course. The requester may choose another lesson moment.
 */
export interface DavinciEnrolmentRefusedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The requester's idempotency key for this enrolment (e.g. its need id and version): sent to DAVINCI as the Idempotency-Key of the plaatsing, so a retried or re-sent command never enrols twice.
   */
  enrolmentKey: string;
  offerId: string;
  lessonMomentId: string;
  reason: "full" | "not-eligible";
  /**
   * DAVINCI's explanation; never personal data.
   */
  detail?: string;
}

/**
 * The answer to davinci.enrolment.status.v1: the plaatsing's status and payment status at checkedAt. The adapter keeps no state, so it reports the current status; the requester compares with what it knew.
 */
export interface DavinciEnrolmentStatusChangedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  placementId: string;
  /**
   * DAVINCI's plaatsing status.
   */
  placementStatus: "gereserveerd" | "toegewezen" | "ingeschreven" | "uitgeschreven" | "niet-toegewezen";
  /**
   * Payment status of the course fee.
   */
  paymentStatus: "te-betalen" | "betaald" | "vrijgesteld";
  checkedAt: string;
}

/**
 * Answered by davinci.enrolment.status-changed.v1 with this command's id as causationid.
 */
export interface DavinciEnrolmentStatusV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  placementId: string;
}

/**
 * One message per person-stay and change: the facts subsidy needs to count nights per municipality, place type and person, without identities. A stay is one person in one place for one placement; `from` is the first night, `to` (absent while the stay is open) the move-out date, so the nights are the dates d with from <= d < to. Housing publishes the stay's full current state each time (not a delta) with a `revision` that grows by one per change of that stay: a consumer keeps, per stayId, the highest revision it has seen and ignores older or repeated ones, so redelivery and reordering are harmless.
 */
export interface HousingOccupancyChangedV1 {
  /**
   * Housing's id of this person-stay; stable across its revisions.
   */
  stayId: string;
  /**
   * 1 when the stay starts, +1 per later change of this stay.
   */
  revision: number;
  /**
   * started: the person moved in (to absent); ended: the person moved out (to present); corrected: from or to was corrected after the fact (the message carries the corrected values).
   */
  change: "started" | "ended" | "corrected";
  placementId: string;
  /**
   * Registration's dossier of the household.
   */
  dossierId: string;
  /**
   * Registration's opaque person id when the placement request named its members; otherwise an id housing minted for this occupant of the placement (stable for the stay, never linked to a person).
   */
  personId: string;
  /**
   * false when personId was minted by housing because the request did not name the members. Absent means true.
   */
  personKnown?: boolean;
  /**
   * The person's age band when the request gave it.
   */
  ageBand?: "0-2" | "3-5" | "6-11" | "12-17" | "18-24" | "25-44" | "45-64" | "65+" | "unknown";
  placeId: string;
  /**
   * host-family-room: a room with a host family; separate-dwelling: a dwelling of its own; collective: collective reception; emergency: emergency reception.
   */
  placeType: "host-family-room" | "separate-dwelling" | "collective" | "emergency";
  /**
   * NIS code of the municipality where the place is (the municipality that houses the person).
   */
  nisCode: string;
  /**
   * Move-in date: the first night of the stay.
   */
  from: string;
  /**
   * Move-out date (exclusive: no night on this date). Absent while the stay is open.
   */
  to?: string;
}

/**
 * An offer of housing entered the workflow (public intake or a coordinator's entry). No offerer name or contact: only where, what and how many.
 */
export interface HousingOfferSubmittedV1 {
  offerId: string;
  /**
   * The confirmation reference given to the offerer.
   */
  reference: string;
  /**
   * NIS code of a Belgian municipality.
   */
  nisCode: string;
  type: "host-family-room" | "separate-dwelling" | "collective" | "emergency";
  capacity: number;
  availableFrom: string;
  availableUntil?: string;
  channel: "public-intake" | "coordinator";
  /**
   * Earlier offers with the same normalised address and offerer, flagged for the coordinator.
   */
  possibleDuplicateOf?: string[];
}

/**
 * The offer passed the municipal check, the municipal validation and the central validation: reception places can be made from it.
 */
export interface HousingOfferValidatedV1 {
  offerId: string;
  /**
   * NIS code of a Belgian municipality.
   */
  nisCode: string;
  type: "host-family-room" | "separate-dwelling" | "collective" | "emergency";
  capacity: number;
  availableFrom: string;
  availableUntil?: string;
}

/**
 * The offer is no longer available; its places take no new placements. An offer with occupants is withdrawn only after they moved out.
 */
export interface HousingOfferWithdrawnV1 {
  offerId: string;
  /**
   * NIS code of a Belgian municipality.
   */
  nisCode: string;
}

/**
 * The place assigned to the dossier's household; the start of its occupancy.
 */
export interface HousingPlacementAssignedV1 {
  dossierId: string;
  placementId: string;
  placeId: string;
  /**
   * NIS code of a Belgian municipality.
   */
  nisCode: string;
  persons: number;
  from: string;
  /**
   * The persons placed (registration's opaque ids), when the request named them.
   */
  personIds?: string[];
}

/**
 * The household moved out of the place (or its dossier closed); each person's stay ended on `to` (exclusive), also published per person as housing.occupancy.changed.v1.
 */
export interface HousingPlacementEndedV1 {
  dossierId: string;
  placementId: string;
  placeId: string;
  /**
   * NIS code of a Belgian municipality.
   */
  nisCode: string;
  from?: string;
  /**
   * Move-out date (exclusive: the last night is the day before).
   */
  to: string;
  reason: "moved-out" | "dossier-closed" | "place-withdrawn" | "other";
  /**
   * The persons whose stays ended (registration's ids), when the request named them.
   */
  personIds?: string[];
}

/**
 * Why no place was assigned; the requester may ask again later.
 */
export interface HousingPlacementRejectedV1 {
  dossierId: string;
  reason:
    | "no-capacity"
    | "no-place-in-preferred-municipalities"
    | "household-too-large"
    | "invalid-request"
    | "place-withdrawn"
    | "unknown-dossier"
    | "unknown-place"
    | "dossier-closed"
    | "already-placed";
  detail?: string;
  /**
   * The place asked for, when the request or assignment named one.
   */
  placeId?: string;
}

/**
 * Asks housing to assign an available reception place with room for the household. Answered by housing.placement.assigned.v1 or .rejected.v1 with this command's id as causationid. Carries only sizes, municipality preferences and needs codes: no identities.
 */
export interface HousingPlacementRequestV1 {
  dossierId: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  householdSize: number;
  minors?: number;
  /**
   * Municipalities preferred, in order.
   *
   * @maxItems 20
   *
   * Items: NIS code of a Belgian municipality.
   */
  preferredNisCodes?:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string, string, string, string]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ];
  needsAccessibility?: boolean;
  /**
   * The household's members by opaque person id (registration's), so that housing's occupancy and subsidy's claims can count persons without identities. Optional for requesters that do not know them.
   *
   * @maxItems 30
   */
  members?: {
    personId: string;
    ageBand?: "0-2" | "3-5" | "6-11" | "12-17" | "18-24" | "25-44" | "45-64" | "65+" | "unknown";
  }[];
}

/**
 * Published by every adapter when a breaker opens, half-opens or closes, so operators and dashboards see partner outages.
 */
export interface IntegrationBreakerStateChangedV1 {
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  service: string;
  /**
   * The partner operation, e.g. rijksregister.GeefPersoon.
   */
  breaker: string;
  state: "closed" | "open" | "half-open";
  previousState?: "closed" | "open" | "half-open";
  at: string;
  reason?: string;
}

/**
 * A permanent MAGDA error; transient failures are retried by the adapter and never produce this event.
 */
export interface MagdaOnderwijsEnrolmentHistoryLookupFailedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte?: string;
  /**
   * The MAGDA code (Uitzondering/Identificatie).
   */
  code: string;
  /**
   * Who raised the error (MAGDA Uitzondering/Oorsprong).
   */
  origin?: string;
  /**
   * A readable reason; never contains personal data.
   */
  reason: string;
}

/**
 * Answered by magda.onderwijs.enrolment-history.retrieved.v1 or .lookup-failed.v1 with this command's id as causationid.
 */
export interface MagdaOnderwijsEnrolmentHistoryLookupV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  period: {
    begin: string;
    end: string;
  };
}

/**
 * The enrolments in the requested period (possibly none). Carries no personal data beyond the requester's reference: institutions and dates only.
 */
export interface MagdaOnderwijsEnrolmentHistoryRetrievedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte: string;
  enrolments: {
    /**
     * MAGDA Bron: leerplichtonderwijs, hoger onderwijs, volwassenenonderwijs, internaat.
     */
    source: "LP" | "HO" | "VWO" | "INT";
    institutionNumber: string;
    institutionName?: string;
    /**
     * Education level or programme as named by the source.
     */
    level?: string;
    /**
     * A date that may be partial, as in the national register: YYYY, YYYY-MM or YYYY-MM-DD.
     */
    begin: string;
    /**
     * A date that may be partial, as in the national register: YYYY, YYYY-MM or YYYY-MM-DD.
     */
    end?: string;
    status?: string;
  }[];
}

/**
 * The order's record was accepted in Orafin's OutFile; payment follows (orafin.payment-order.paid.v1) or the bank refuses it later (orafin.payment-order.rejected.v1 with stage execution).
 */
export interface OrafinPaymentOrderAcceptedV1 {
  /**
   * The payment's structured reference (Belgian OGM, mod-97 check), 12 digits or formatted +++123/4567/89012+++: the order's identity in the adapter's ledger and in every file sent to Orafin, echoed as sent.
   */
  paymentReference: string;
  /**
   * The subsidy claim version id: the same order sent again carries the same key and is recorded once.
   */
  idempotencyKey: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The InFile the order travelled in.
   */
  fileSequence: number;
}

/**
 * Final. The order appears as paid in Orafin's BetFile.
 */
export interface OrafinPaymentOrderPaidV1 {
  /**
   * The payment's structured reference (Belgian OGM, mod-97 check), 12 digits or formatted +++123/4567/89012+++: the order's identity in the adapter's ledger and in every file sent to Orafin, echoed as sent.
   */
  paymentReference: string;
  /**
   * The subsidy claim version id: the same order sent again carries the same key and is recorded once.
   */
  idempotencyKey: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  amountCents: number;
  executionDate: string;
  fileSequence: number;
}

/**
 * Final. stage 'validation': the adapter refused it before sending (invalid IBAN or structured reference, reference already used for another order); 'orafin': rejected in the OutFile; 'execution': refused in the BetFile. A rejection is a business answer: correct the claim and send a new order with a new reference.
 */
export interface OrafinPaymentOrderRejectedV1 {
  /**
   * The payment's structured reference (Belgian OGM, mod-97 check), 12 digits or formatted +++123/4567/89012+++: the order's identity in the adapter's ledger and in every file sent to Orafin, echoed as sent.
   */
  paymentReference: string;
  /**
   * The subsidy claim version id: the same order sent again carries the same key and is recorded once.
   */
  idempotencyKey: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  stage: "validation" | "orafin" | "execution";
  /**
   * Orafin's four-character code (DUPL, IBAN, …) or the adapter's (INVALID_IBAN, INVALID_REFERENCE, REFERENCE_REUSED).
   */
  reasonCode: string;
  reason: string;
  fileSequence?: number;
}

/**
 * Recorded in the orafin-adapter's ledger before anything leaves, then sent in the next InFile. Answered by orafin.payment-order.accepted.v1 or .rejected.v1, later .paid.v1 (or .rejected.v1 at execution). A redelivered or re-sent command with the same payment reference and idempotency key is recorded once and paid at most once.
 */
export interface OrafinPaymentOrderSubmitV1 {
  /**
   * The payment's structured reference (Belgian OGM, mod-97 check), 12 digits or formatted +++123/4567/89012+++: the order's identity in the adapter's ledger and in every file sent to Orafin, echoed as sent.
   */
  paymentReference: string;
  /**
   * The subsidy claim version id: the same order sent again carries the same key and is recorded once.
   */
  idempotencyKey: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  beneficiary: {
    name: string;
    /**
     * Validated (ibantools) by the adapter; an invalid IBAN is rejected (INVALID_IBAN), never sent.
     */
    iban: string;
    bic?: string;
  };
  /**
   * Integer euro cents.
   */
  amountCents: number;
  currency: "EUR";
  /**
   * Free text for the beneficiary's statement; never personal data.
   */
  communication: string;
}

/**
 * Minimised on purpose: ids, municipality, member count and age bands only, never names, numbers or contact data. Consumers needing more ask registration's API with a role that allows it.
 */
export interface RegistrationDossierClosedV1 {
  dossierId: string;
  /**
   * NIS code of the reception address's municipality, when known.
   */
  nisCode?: string;
  memberCount: number;
  /**
   * One entry per member.
   */
  ageBands: ("0-2" | "3-5" | "6-11" | "12-17" | "18-24" | "25-44" | "45-64" | "65+" | "unknown")[];
  version: number;
  reason: "departed" | "duplicate" | "deceased" | "other";
}

/**
 * Minimised on purpose: ids, municipality, member count and age bands only, never names, numbers or contact data. Consumers needing more ask registration's API with a role that allows it.
 */
export interface RegistrationDossierRegisteredV1 {
  dossierId: string;
  /**
   * NIS code of the reception address's municipality, when known.
   */
  nisCode?: string;
  memberCount: number;
  /**
   * One entry per member.
   */
  ageBands: ("0-2" | "3-5" | "6-11" | "12-17" | "18-24" | "25-44" | "45-64" | "65+" | "unknown")[];
  version: number;
}

/**
 * Minimised on purpose: ids, municipality, member count and age bands only, never names, numbers or contact data. Consumers needing more ask registration's API with a role that allows it.
 */
export interface RegistrationDossierUpdatedV1 {
  dossierId: string;
  /**
   * NIS code of the reception address's municipality, when known.
   */
  nisCode?: string;
  memberCount: number;
  /**
   * One entry per member.
   */
  ageBands: ("0-2" | "3-5" | "6-11" | "12-17" | "18-24" | "25-44" | "45-64" | "65+" | "unknown")[];
  version: number;
}

/**
 * Published by registration whenever a person's verification status changes (pending, verified, mismatch, not-found, failed, deceased), with the MAGDA Referte of the lookup that decided it. Lets subsidy count only persons verified in the national register without ever receiving an INSZ or a name (data minimisation): the register lookup itself happens once, for registration.
 */
export interface RegistrationPersonVerificationChangedV1 {
  personId: string;
  dossierId: string;
  status: "pending" | "verified" | "mismatch" | "not-found" | "failed" | "deceased";
  /**
   * The MAGDA Referte of the deciding lookup, for tracing.
   */
  referte?: string;
  /**
   * NIS code of the municipality of the person's main address in the national register, when the lookup returned one (subsidy checks the claiming municipality).
   */
  registerNisCode?: string;
  at: string;
}

/**
 * MAGDA warning 30004: the requested INSZ is replaced by another. Consumers re-key the person, keeping the history.
 */
export interface RijksregisterPersonInszChangedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  previousInsz: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  currentInsz: string;
}

/**
 * The official identity of the INSZ looked up. Carries personal data because its consumers compare it with the declared identity (registration) and check that the person exists and lives in the claiming municipality (subsidy); each such property says so.
 */
export interface RijksregisterPersonLookedUpV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  person: {
    familyNames: string[];
    givenNames: string[];
    /**
     * A date that may be partial, as in the national register: YYYY, YYYY-MM or YYYY-MM-DD.
     */
    birthDate?: string;
    /**
     * M, F, X or unknown (MAGDA Geslacht code 1, 2, 3 / absent).
     */
    gender: "M" | "F" | "X" | "unknown";
    /**
     * ISO 3166-1 alpha-2 codes.
     */
    nationalities?: string[];
    /**
     * The register the person is known in.
     */
    register: "rijksregister" | "bis";
    mainAddress?: {
      street?: string;
      houseNumber?: string;
      box?: string;
      postcode?: string;
      municipality?: string;
      /**
       * NIS code of a Belgian municipality.
       */
      nisCode: string;
      /**
       * A date that may be partial, as in the national register: YYYY, YYYY-MM or YYYY-MM-DD.
       */
      since?: string;
    };
    /**
     * Present when the register records the person's death.
     */
    deceased?: {
      /**
       * A date that may be partial, as in the national register: YYYY, YYYY-MM or YYYY-MM-DD.
       */
      date?: string;
    };
  };
}

/**
 * A permanent error (e.g. 20002, 30003, 40006, 13202): retrying will not help. Transient partner failures are retried by the adapter and never produce this event.
 */
export interface RijksregisterPersonLookupFailedV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte?: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  /**
   * The MAGDA code (Uitzondering/Identificatie).
   */
  code: string;
  /**
   * Who raised the error (MAGDA Uitzondering/Oorsprong).
   */
  origin?: string;
  /**
   * A readable reason; never contains personal data.
   */
  reason: string;
}

/**
 * Asks the rijksregister-adapter for the official identity data of one INSZ. Answered by exactly one of rijksregister.person.looked-up.v1, .not-found.v1, .insz-changed.v1 or .lookup-failed.v1, carrying this command's id as causationid. The person must be registered in the repertorium first (rijksregister.person.register.v1).
 */
export interface RijksregisterPersonLookupV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
}

/**
 * MAGDA answered 30001 (person not found) or 30101 (no data for this number). A business answer, not a failure.
 */
export interface RijksregisterPersonNotFoundV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * The unique MAGDA Referte of the call that produced this result, kept for tracing with the partner.
   */
  referte: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  code: "30001" | "30101";
}

/**
 * Declares that the requester follows this INSZ for the given period, which MAGDA requires before lookups and which enables change notifications. Idempotent at MAGDA; failures are retried, permanent ones parked.
 */
export interface RijksregisterPersonRegisterV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  period: {
    begin: string;
    end?: string;
  };
}

/**
 * Ends the repertorium registration of this INSZ for the requester (e.g. when a dossier is closed).
 */
export interface RijksregisterPersonUnregisterV1 {
  /**
   * Opaque reference chosen by the requester (e.g. its person id), echoed in every result so it can route the answer; never personal data.
   */
  subjectRef: string;
  /**
   * The service that sent the command, echoed in every result so other subscribers can ignore results that are not theirs.
   */
  requester: string;
  /**
   * INSZ: national number or BIS number, 11 digits.
   */
  insz: string;
  end?: string;
}

/**
 * A central validator (not the submitter) approved the version. Subsidy's payment saga answers it with one orafin.payment-order.submit.v1, whatever the number of deliveries.
 */
export interface SubsidyClaimApprovedV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
  /**
   * The Belgian structured reference (OGM) the payment will carry, derived from municipality, month and version.
   */
  paymentReference: string;
}

/**
 * A new version of a municipality's claim for a month, computed from housing's occupancy, registration's verifications and the tariffs. Totals only: the lines (opaque person ids, nights, amounts, exclusion reasons) are read through subsidy's API.
 */
export interface SubsidyClaimCalculatedV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
  persons: number;
  /**
   * Included person-nights.
   */
  nights: number;
  includedLines: number;
  excludedLines: number;
  /**
   * The version this one replaces or corrects, if any.
   */
  supersedes?: number;
}

/**
 * Orafin executed the payment order of the version (orafin.payment-order.paid.v1). Final: a claim version is paid at most once.
 */
export interface SubsidyClaimPaidV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
  paymentReference: string;
  executionDate: string;
}

/**
 * The orafin-adapter or Orafin refused the version's payment order (orafin.payment-order.rejected.v1). Final for this version: the claim is corrected as a new version, paid under a new reference.
 */
export interface SubsidyClaimPaymentRejectedV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
  paymentReference: string;
  stage: "validation" | "orafin" | "execution";
  reasonCode: string;
}

/**
 * A central validator (not the submitter) rejected the version; the reason is on the claim (subsidy's API). The municipality can have it corrected as a new version.
 */
export interface SubsidyClaimRejectedV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
}

/**
 * A municipal coordinator of the municipality submitted the version; a central validator who is not the submitter approves or rejects it.
 */
export interface SubsidyClaimSubmittedV1 {
  /**
   * The subsidy claim (subsidiedossier) of one municipality and month; stable across versions.
   */
  claimId: string;
  /**
   * This version of the claim; also the idempotency key of its payment order.
   */
  claimVersionId: string;
  version: number;
  /**
   * NIS code of the claiming municipality.
   */
  nisCode: string;
  /**
   * The claimed month, YYYY-MM.
   */
  period: string;
  /**
   * The version's total in integer euro cents.
   */
  amountCents: number;
  at: string;
}

/** Payload type of every message type, for `@EventPattern<MessagePayloads>(type)` and typed publishing. */
export interface MessagePayloads {
  'davinci.course-offers.found.v1': DavinciCourseOffersFoundV1;
  'davinci.course-offers.search.v1': DavinciCourseOffersSearchV1;
  'davinci.enrolment.confirmed.v1': DavinciEnrolmentConfirmedV1;
  'davinci.enrolment.create.v1': DavinciEnrolmentCreateV1;
  'davinci.enrolment.refused.v1': DavinciEnrolmentRefusedV1;
  'davinci.enrolment.status-changed.v1': DavinciEnrolmentStatusChangedV1;
  'davinci.enrolment.status.v1': DavinciEnrolmentStatusV1;
  'housing.occupancy.changed.v1': HousingOccupancyChangedV1;
  'housing.offer.submitted.v1': HousingOfferSubmittedV1;
  'housing.offer.validated.v1': HousingOfferValidatedV1;
  'housing.offer.withdrawn.v1': HousingOfferWithdrawnV1;
  'housing.placement.assigned.v1': HousingPlacementAssignedV1;
  'housing.placement.ended.v1': HousingPlacementEndedV1;
  'housing.placement.rejected.v1': HousingPlacementRejectedV1;
  'housing.placement.request.v1': HousingPlacementRequestV1;
  'integration.breaker.state-changed.v1': IntegrationBreakerStateChangedV1;
  'magda.onderwijs.enrolment-history.lookup-failed.v1': MagdaOnderwijsEnrolmentHistoryLookupFailedV1;
  'magda.onderwijs.enrolment-history.lookup.v1': MagdaOnderwijsEnrolmentHistoryLookupV1;
  'magda.onderwijs.enrolment-history.retrieved.v1': MagdaOnderwijsEnrolmentHistoryRetrievedV1;
  'orafin.payment-order.accepted.v1': OrafinPaymentOrderAcceptedV1;
  'orafin.payment-order.paid.v1': OrafinPaymentOrderPaidV1;
  'orafin.payment-order.rejected.v1': OrafinPaymentOrderRejectedV1;
  'orafin.payment-order.submit.v1': OrafinPaymentOrderSubmitV1;
  'registration.dossier.closed.v1': RegistrationDossierClosedV1;
  'registration.dossier.registered.v1': RegistrationDossierRegisteredV1;
  'registration.dossier.updated.v1': RegistrationDossierUpdatedV1;
  'registration.person.verification-changed.v1': RegistrationPersonVerificationChangedV1;
  'rijksregister.person.insz-changed.v1': RijksregisterPersonInszChangedV1;
  'rijksregister.person.looked-up.v1': RijksregisterPersonLookedUpV1;
  'rijksregister.person.lookup-failed.v1': RijksregisterPersonLookupFailedV1;
  'rijksregister.person.lookup.v1': RijksregisterPersonLookupV1;
  'rijksregister.person.not-found.v1': RijksregisterPersonNotFoundV1;
  'rijksregister.person.register.v1': RijksregisterPersonRegisterV1;
  'rijksregister.person.unregister.v1': RijksregisterPersonUnregisterV1;
  'subsidy.claim.approved.v1': SubsidyClaimApprovedV1;
  'subsidy.claim.calculated.v1': SubsidyClaimCalculatedV1;
  'subsidy.claim.paid.v1': SubsidyClaimPaidV1;
  'subsidy.claim.payment-rejected.v1': SubsidyClaimPaymentRejectedV1;
  'subsidy.claim.rejected.v1': SubsidyClaimRejectedV1;
  'subsidy.claim.submitted.v1': SubsidyClaimSubmittedV1;
}
