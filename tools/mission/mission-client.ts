import { randomUUID } from 'node:crypto';
import { call, eventually, type TokenSource } from './api';
import { dossierRequest, type HouseholdSpec, type Municipality } from './households';

/**
 * The mission through the public HTTP APIs, one step per method, each with the role that does
 * it in real life: AgII staff register households and ask for a place (registration), the
 * municipality's coordinator enters, checks and validates housing and calculates and submits
 * the claim, a central validator validates offers centrally and approves claims (never the
 * one who submitted), a beheerder sets tariffs, accounts and coordinators. The mesh does the
 * rest (identity, school, Dutch courses, placement, payment), and each step waits for it by
 * reading the owning service's own API. Every result holds ids, counts, statuses and amounts,
 * never names or INSZ, so it may be printed.
 */

export interface MissionEndpoints {
  /** The gateway. */
  readonly registration: string;
  readonly housing: string;
  readonly subsidy: string;
}

export interface MissionTimeouts {
  /** Identities, school and courses of one household (default 120 s). */
  readonly checksMs: number;
  /** A household's placement (default 60 s). */
  readonly placementMs: number;
  /** Subsidy sees all stays and verifications (default 120 s). */
  readonly factsMs: number;
  /** The payment through Orafin (default 180 s). */
  readonly paymentMs: number;
}

const DEFAULT_TIMEOUTS: MissionTimeouts = {
  checksMs: 120_000,
  placementMs: 60_000,
  factsMs: 120_000,
  paymentMs: 180_000,
};

/** Users of the mission: four eyes need a submitter and an approver who are different people. */
export const MISSION_USERS = {
  staff: 'mission-agii-medewerker',
  coordinator: (nis: string) => `mission-coordinator-${nis}`,
  validator: 'mission-centrale-validator',
  admin: 'mission-beheerder',
} as const;

export interface RegisteredHousehold {
  readonly index: number;
  readonly dossierId: string;
  readonly personIds: readonly string[];
  readonly adults: number;
  readonly minors: number;
}

export interface HouseholdChecks {
  readonly dossierId: string;
  /** Verification status per person, e.g. { verified: 3 }. */
  readonly verification: Readonly<Record<string, number>>;
  readonly minorsChecked: number;
  readonly minorsEnrolled: number;
  /** School numbers the education register gave for the enrolled minors. */
  readonly schools: readonly string[];
  readonly adultsWithCourseOffers: number;
  readonly courseOffers: number;
  /** Course centres of the offers found, nearest first (no personal data). */
  readonly courseInstitutions: readonly string[];
}

export interface OfferResult {
  readonly offerId: string;
  readonly reference: string;
  readonly placeId: string;
  readonly capacity: number;
  readonly type: string;
  /** The statuses it went through, in order. */
  readonly statuses: readonly string[];
}

export interface PlacementResult {
  readonly dossierId: string;
  readonly placementId: string;
  readonly placeId: string;
  readonly nisCode: string;
  readonly from: string;
}

export interface ClaimResult {
  readonly claimId: string;
  readonly version: number;
  readonly period: string;
  readonly nisCode: string;
  readonly status: string;
  readonly nights: number;
  readonly persons: number;
  readonly includedLines: number;
  readonly excludedLines: number;
  readonly amountCents: number;
  readonly submittedBy?: string;
  readonly approvedBy?: string;
  readonly paymentStatus?: string;
  readonly paymentReference?: string;
}

interface DossierView {
  readonly id: string;
  readonly version: number;
  readonly placement?: {
    readonly status: string;
    readonly placementId?: string;
    readonly placeId?: string;
    readonly nisCode?: string;
    readonly from?: string;
    readonly reason?: string;
  };
  readonly members: readonly {
    readonly id: string;
    readonly needs: { readonly dutchLessons?: { wanted: boolean }; readonly education?: unknown };
    readonly verification: { readonly status: string };
    readonly education?: {
      readonly currentlyEnrolled: boolean;
      readonly institutions: readonly { number: string }[];
    };
    readonly courseOffers?: readonly { offerId: string; institution: string }[];
  }[];
}

interface OfferView {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly version: number;
  readonly type: string;
  readonly capacity: number;
  readonly place?: { id: string; capacity: number; occupants: number };
}

interface ClaimVersionView {
  readonly id: string;
  readonly claimId: string;
  readonly version: number;
  readonly status: string;
  readonly revision: number;
  readonly period: string;
  readonly nisCode: string;
  readonly totals: {
    includedLines: number;
    excludedLines: number;
    persons: number;
    nights: number;
    amountCents: number;
  };
  readonly submittedBy?: string;
  readonly reviewedBy?: string;
  readonly payment?: { status: string; paymentReference: string };
  readonly lines: readonly { dossierId: string; included: boolean; exclusionReason?: string }[];
}

const ifMatch = (etag: string | number) => ({
  'if-match': typeof etag === 'number' ? `"${etag}"` : etag,
});

export class MissionClient {
  private readonly timeouts: MissionTimeouts;

  constructor(
    private readonly endpoints: MissionEndpoints,
    private readonly tokens: TokenSource,
    timeouts: Partial<MissionTimeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  }

  // --- the municipality ----------------------------------------------------------------------

  /** The municipality's coordinator, the tariff of a place type and the account to pay into. */
  async prepareMunicipality(
    municipality: Municipality,
    placeTypes: readonly string[],
    dailyCents = 1_250,
  ): Promise<{ coordinator: string; tariffs: number }> {
    const admin = await this.tokens('beheerder', { sub: MISSION_USERS.admin });
    const subject = MISSION_USERS.coordinator(municipality.nisCode);
    const active = await call<{ subject: string; active: boolean }[]>(
      'list coordinators',
      'GET',
      `${this.endpoints.housing}/api/v1/coordinators?nisCode=${municipality.nisCode}`,
      admin,
    );
    if (!active.body.some((c) => c.subject === subject && c.active)) {
      await call(
        'register coordinator',
        'POST',
        `${this.endpoints.housing}/api/v1/coordinators`,
        admin,
        {
          body: { subject, nisCode: municipality.nisCode },
        },
      );
    }
    const tariffs = await call<{ placeType: string }[]>(
      'list tariffs',
      'GET',
      `${this.endpoints.subsidy}/api/v1/tariffs`,
      admin,
    );
    let added = 0;
    for (const placeType of placeTypes) {
      if (tariffs.body.some((t) => t.placeType === placeType)) continue;
      await call('add tariff', 'POST', `${this.endpoints.subsidy}/api/v1/tariffs`, admin, {
        body: { placeType, validFrom: '2022-03-01', dailyCents },
      });
      added++;
    }
    await call(
      'set beneficiary',
      'PUT',
      `${this.endpoints.subsidy}/api/v1/beneficiaries/${municipality.nisCode}`,
      admin,
      { body: { name: `Stad ${municipality.name}`, iban: 'BE68 5390 0754 7034' } },
    );
    return { coordinator: subject, tariffs: added };
  }

  /**
   * A housing offer from entry to available: the coordinator enters it and checks and
   * validates it in the municipality, a central validator validates it centrally and makes it
   * available, which opens its reception place.
   */
  async offerHousing(
    municipality: Municipality,
    type: 'separate-dwelling' | 'collective',
    capacity: number,
  ): Promise<OfferResult> {
    const coordinator = await this.coordinatorToken(municipality);
    const validator = await this.tokens('centrale-validator', { sub: MISSION_USERS.validator });
    const today = new Date();
    const until = new Date(today.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
    const created = await call<OfferView>(
      'enter offer',
      'POST',
      `${this.endpoints.housing}/api/v1/offers`,
      coordinator,
      {
        headers: { 'idempotency-key': randomUUID() },
        body: {
          offerer: { name: `OCMW ${municipality.name}`, email: 'opvang@example.org' },
          address: { street: 'Opvangstraat', houseNumber: '100', postcode: municipality.postcode },
          type,
          capacity,
          availableFrom: today.toISOString().slice(0, 10),
          availableUntil: until,
        },
      },
    );
    const statuses = [created.body.status];
    let offer = created.body;
    const steps: readonly [string, string][] = [
      ['check', coordinator],
      ['validate', coordinator],
      ['validate-centrally', validator],
      ['make-available', validator],
    ];
    for (const [action, token] of steps) {
      const answer = await call<OfferView>(
        `offer ${action}`,
        'POST',
        `${this.endpoints.housing}/api/v1/offers/${offer.id}/transitions`,
        token,
        { headers: ifMatch(offer.version), body: { action } },
      );
      offer = answer.body;
      statuses.push(offer.status);
    }
    if (offer.place === undefined)
      throw new Error(`offer ${offer.id} is available without a place`);
    return {
      offerId: offer.id,
      reference: offer.reference,
      placeId: offer.place.id,
      capacity: offer.place.capacity,
      type: offer.type,
      statuses,
    };
  }

  /** The offer as housing shows it now (status, place and occupants). */
  async offer(offerId: string): Promise<OfferView> {
    const token = await this.tokens('centrale-validator', { sub: MISSION_USERS.validator });
    return (
      await call<OfferView>(
        'read offer',
        'GET',
        `${this.endpoints.housing}/api/v1/offers/${offerId}`,
        token,
      )
    ).body;
  }

  // --- households ----------------------------------------------------------------------------

  async registerHousehold(
    household: HouseholdSpec,
    municipality: Municipality,
  ): Promise<RegisteredHousehold> {
    const staff = await this.staffToken();
    const answer = await call<DossierView>(
      'register household',
      'POST',
      `${this.endpoints.registration}/api/v1/dossiers`,
      staff,
      {
        headers: { 'idempotency-key': randomUUID() },
        body: dossierRequest(household, municipality),
      },
    );
    return {
      index: household.index,
      dossierId: answer.body.id,
      personIds: answer.body.members.map((m) => m.id),
      adults: household.adults,
      minors: household.minors,
    };
  }

  /**
   * Waits until the national register has verified every member (or given its final word), the
   * education register has answered for every minor and DAVINCI has answered the course search
   * for every adult who wants Dutch lessons.
   */
  async awaitChecks(household: RegisteredHousehold): Promise<HouseholdChecks> {
    const dossier = await eventually(
      `checks of dossier ${household.dossierId}`,
      async () => {
        const view = await this.dossier(household.dossierId);
        return view.members.every(
          (m) =>
            m.verification.status !== 'pending' &&
            (m.needs.education === undefined || m.education !== undefined) &&
            (m.needs.dutchLessons?.wanted !== true || m.courseOffers !== undefined),
        )
          ? view
          : undefined;
      },
      this.timeouts.checksMs,
    );
    const verification: Record<string, number> = {};
    for (const m of dossier.members)
      verification[m.verification.status] = (verification[m.verification.status] ?? 0) + 1;
    const minors = dossier.members.filter((m) => m.needs.education !== undefined);
    const learners = dossier.members.filter((m) => m.needs.dutchLessons?.wanted === true);
    const offers = learners.flatMap((m) => m.courseOffers ?? []);
    return {
      dossierId: dossier.id,
      verification,
      minorsChecked: minors.filter((m) => m.education !== undefined).length,
      minorsEnrolled: minors.filter((m) => m.education?.currentlyEnrolled === true).length,
      schools: [
        ...new Set(minors.flatMap((m) => m.education?.institutions.map((i) => i.number) ?? [])),
      ],
      adultsWithCourseOffers: learners.filter((m) => (m.courseOffers?.length ?? 0) > 0).length,
      courseOffers: offers.length,
      courseInstitutions: [...new Set(offers.map((o) => o.institution))],
    };
  }

  /** Staff ask housing for a place; waits until the dossier shows the assignment. */
  async placeHousehold(dossierId: string): Promise<PlacementResult> {
    const staff = await this.staffToken();
    // The dossier's version moves with every answer from the mesh: read, then ask, again on 412.
    await eventually(
      `placement request of dossier ${dossierId}`,
      async () => {
        const current = await call<DossierView>(
          'read dossier',
          'GET',
          `${this.endpoints.registration}/api/v1/dossiers/${dossierId}`,
          staff,
        );
        if (current.body.placement !== undefined && current.body.placement.status !== 'rejected')
          return true;
        const asked = await call(
          'request placement',
          'POST',
          `${this.endpoints.registration}/api/v1/dossiers/${dossierId}/placement-request`,
          staff,
          { headers: ifMatch(current.etag ?? current.body.version), accept: [412] },
        );
        return asked.status === 412 ? undefined : true;
      },
      this.timeouts.placementMs,
    );
    return eventually(
      `placement of dossier ${dossierId}`,
      async () => {
        const placement = (await this.dossier(dossierId)).placement;
        if (placement?.status === 'rejected')
          throw new Error(`housing refused dossier ${dossierId}: ${placement.reason ?? '?'}`);
        if (placement?.status !== 'assigned') return undefined;
        return {
          dossierId,
          placementId: placement.placementId!,
          placeId: placement.placeId!,
          nisCode: placement.nisCode!,
          from: placement.from!,
        };
      },
      this.timeouts.placementMs,
    );
  }

  // --- the claim -----------------------------------------------------------------------------

  /**
   * Calculates the municipality's claim for the month until subsidy counts every person of
   * `dossierIds` (its facts arrive over the broker, so a first calculation may be early), then
   * the coordinator submits it and a central validator approves it.
   */
  async claimAndApprove(
    municipality: Municipality,
    period: string,
    dossierIds: readonly string[],
    persons: number,
  ): Promise<ClaimResult> {
    const coordinator = await this.coordinatorToken(municipality);
    const validator = await this.tokens('centrale-validator', { sub: MISSION_USERS.validator });
    const ours = new Set(dossierIds);
    const calculated = await eventually(
      `claim of ${municipality.nisCode} for ${period} counting ${persons} persons`,
      async () => {
        const answer = await call<{ id: string }>(
          'calculate claim',
          'POST',
          `${this.endpoints.subsidy}/api/v1/claims`,
          coordinator,
          { body: { nisCode: municipality.nisCode, period } },
        );
        const detail = await this.claimVersion(coordinator, answer.location!);
        const included = detail.body.lines.filter((l) => ours.has(l.dossierId) && l.included);
        return included.length >= persons ? detail : undefined;
      },
      this.timeouts.factsMs,
    );
    const version = calculated.body;
    const base = `${this.endpoints.subsidy}/api/v1/claims/${version.claimId}/versions/${version.version}`;
    const submitted = await call<ClaimVersionView>(
      'submit claim',
      'POST',
      `${base}/submit`,
      coordinator,
      {
        headers: ifMatch(calculated.etag ?? version.revision),
      },
    );
    await call('approve claim', 'POST', `${base}/approve`, validator, {
      headers: ifMatch(submitted.etag ?? submitted.body.revision),
    });
    const approved = await this.claimVersion(
      validator,
      `/api/v1/claims/${version.claimId}/versions/${version.version}`,
    );
    return toClaimResult(approved.body);
  }

  /** Waits until the approved claim version is paid (Orafin's BetFile came back). */
  async awaitPayment(claimId: string, version: number): Promise<ClaimResult> {
    const validator = await this.tokens('centrale-validator', { sub: MISSION_USERS.validator });
    const paid = await eventually(
      `payment of claim ${claimId} version ${version}`,
      async () => {
        const detail = await this.claimVersion(
          validator,
          `/api/v1/claims/${claimId}/versions/${version}`,
        );
        const status = detail.body.status;
        if (status === 'betaling-geweigerd') throw new Error(`payment of claim ${claimId} refused`);
        return status === 'betaald' ? detail.body : undefined;
      },
      this.timeouts.paymentMs,
    );
    return toClaimResult(paid);
  }

  // --- reading -------------------------------------------------------------------------------

  async dossier(dossierId: string): Promise<DossierView> {
    const staff = await this.staffToken();
    return (
      await call<DossierView>(
        'read dossier',
        'GET',
        `${this.endpoints.registration}/api/v1/dossiers/${dossierId}`,
        staff,
      )
    ).body;
  }

  private claimVersion(token: string, location: string) {
    return call<ClaimVersionView>(
      'read claim',
      'GET',
      `${this.endpoints.subsidy}${location}`,
      token,
    );
  }

  private staffToken(): Promise<string> {
    return this.tokens('agii-medewerker', { sub: MISSION_USERS.staff });
  }

  private coordinatorToken(municipality: Municipality): Promise<string> {
    return this.tokens('gemeentelijk-coordinator', {
      nis: municipality.nisCode,
      sub: MISSION_USERS.coordinator(municipality.nisCode),
    });
  }
}

function toClaimResult(view: ClaimVersionView): ClaimResult {
  return {
    claimId: view.claimId,
    version: view.version,
    period: view.period,
    nisCode: view.nisCode,
    status: view.status,
    nights: view.totals.nights,
    persons: view.totals.persons,
    includedLines: view.totals.includedLines,
    excludedLines: view.totals.excludedLines,
    amountCents: view.totals.amountCents,
    ...(view.submittedBy === undefined ? {} : { submittedBy: view.submittedBy }),
    ...(view.reviewedBy === undefined ? {} : { approvedBy: view.reviewedBy }),
    ...(view.payment === undefined
      ? {}
      : { paymentStatus: view.payment.status, paymentReference: view.payment.paymentReference }),
  };
}
