import { randomUUID } from 'node:crypto';
import { POSTCODES, type SeedOffer, seedOffers } from './seed';

export type PlaatsingStatus =
  'gereserveerd' | 'toegewezen' | 'ingeschreven' | 'uitgeschreven' | 'niet-toegewezen';
export type Betaalstatus = 'te-betalen' | 'betaald' | 'vrijgesteld';

export interface Plaatsing {
  plaatsingId: string;
  aanmeldingId: string;
  modulevariantId: string;
  lesmomentId: string;
  status: PlaatsingStatus;
  betaalstatus: Betaalstatus;
  tariefCent: number;
}

interface Cursist {
  readonly insz?: string;
  readonly voornaam: string;
  readonly familienaam: string;
  readonly geboortedatum: string;
}

export type PlaatsResult =
  | { readonly kind: 'placed'; readonly plaatsing: Plaatsing }
  | {
      readonly kind: 'problem';
      readonly status: number;
      readonly code: string;
      readonly detail: string;
    };

/** DAVINCI's records as the simulator keeps them: offers, registrations, placements. */
export class DavinciState {
  readonly offers = seedOffers();
  private readonly aanmeldingen = new Map<string, { aanmeldingId: string; cursist: Cursist }>();
  private readonly plaatsingen = new Map<string, Plaatsing>();
  private readonly byIdempotencyKey = new Map<string, { body: string; plaatsingId: string }>();

  search(postcode: string, niveau?: string, from?: string, until?: string, max = 10) {
    const origin = coordinatesOf(postcode);
    return this.offers
      .filter((offer) => niveau === undefined || offer.niveau === niveau)
      .filter((offer) => from === undefined || offer.startdatum >= from)
      .filter((offer) => until === undefined || offer.startdatum <= until)
      .map((offer) => ({
        offer,
        distance: distance(origin, coordinatesOf(offer.instelling.postcode)),
      }))
      .sort(
        (a, b) =>
          a.distance - b.distance || a.offer.modulevariantId.localeCompare(b.offer.modulevariantId),
      )
      .slice(0, max)
      .map(({ offer }) => this.withFreePlaces(offer));
  }

  register(
    externeReferentie: string,
    cursist: Cursist,
  ): { created: boolean; aanmeldingId: string } {
    const existing = this.aanmeldingen.get(externeReferentie);
    if (existing !== undefined) return { created: false, aanmeldingId: existing.aanmeldingId };
    const aanmeldingId = `AM-${randomUUID()}`;
    this.aanmeldingen.set(externeReferentie, { aanmeldingId, cursist });
    return { created: true, aanmeldingId };
  }

  place(
    idempotencyKey: string,
    request: {
      aanmeldingId: string;
      modulevariantId: string;
      lesmomentId: string;
      vrijstellingGevraagd?: boolean;
    },
  ): PlaatsResult {
    const body = JSON.stringify(request);
    const earlier = this.byIdempotencyKey.get(idempotencyKey);
    if (earlier !== undefined) {
      if (earlier.body !== body) {
        return {
          kind: 'problem',
          status: 422,
          code: 'ONGELDIG',
          detail: 'Idempotency-Key reused with another request',
        };
      }
      return { kind: 'placed', plaatsing: this.plaatsingen.get(earlier.plaatsingId)! };
    }
    const registration = [...this.aanmeldingen.values()].find(
      (a) => a.aanmeldingId === request.aanmeldingId,
    );
    const offer = this.offers.find((o) => o.modulevariantId === request.modulevariantId);
    const moment = offer?.lesmomenten.find((m) => m.lesmomentId === request.lesmomentId);
    if (registration === undefined || offer === undefined || moment === undefined) {
      return {
        kind: 'problem',
        status: 404,
        code: 'ONBEKEND',
        detail: 'unknown aanmelding, modulevariant or lesmoment',
      };
    }
    if (ageAt(registration.cursist.geboortedatum, offer.startdatum) < 18) {
      return {
        kind: 'problem',
        status: 422,
        code: 'NIET_TOELAATBAAR',
        detail: 'adult education starts at 18',
      };
    }
    if (this.taken(moment.lesmomentId) >= moment.capaciteit) {
      return { kind: 'problem', status: 409, code: 'VOL', detail: 'the lesson moment is full' };
    }
    const exempt = request.vrijstellingGevraagd === true && offer.tarief.vrijstellingMogelijk;
    const plaatsing: Plaatsing = {
      plaatsingId: `PL-${randomUUID()}`,
      aanmeldingId: request.aanmeldingId,
      modulevariantId: offer.modulevariantId,
      lesmomentId: moment.lesmomentId,
      status: 'ingeschreven',
      betaalstatus: exempt ? 'vrijgesteld' : 'te-betalen',
      tariefCent: exempt ? 0 : offer.tarief.bedragCent,
    };
    this.plaatsingen.set(plaatsing.plaatsingId, plaatsing);
    this.byIdempotencyKey.set(idempotencyKey, { body, plaatsingId: plaatsing.plaatsingId });
    return { kind: 'placed', plaatsing };
  }

  plaatsing(id: string): Plaatsing | undefined {
    return this.plaatsingen.get(id);
  }

  allPlaatsingen(): Plaatsing[] {
    return [...this.plaatsingen.values()];
  }

  private taken(lesmomentId: string): number {
    return [...this.plaatsingen.values()].filter(
      (p) =>
        p.lesmomentId === lesmomentId &&
        p.status !== 'uitgeschreven' &&
        p.status !== 'niet-toegewezen',
    ).length;
  }

  private withFreePlaces(offer: SeedOffer) {
    return {
      ...offer,
      lesmomenten: offer.lesmomenten.map((moment) => ({
        ...moment,
        vrijePlaatsen: Math.max(0, moment.capaciteit - this.taken(moment.lesmomentId)),
      })),
    };
  }
}

/** An unknown postcode is placed at the nearest known one (by number: neighbouring areas). */
function coordinatesOf(postcode: string): readonly [number, number] {
  const known = POSTCODES[postcode];
  if (known !== undefined) return known;
  const nearest = Object.keys(POSTCODES).sort(
    (a, b) => Math.abs(Number(a) - Number(postcode)) - Math.abs(Number(b) - Number(postcode)),
  )[0]!;
  return POSTCODES[nearest]!;
}

function distance(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = a[0] - b[0];
  const dLon = (a[1] - b[1]) * Math.cos(((a[0] + b[0]) / 2) * (Math.PI / 180));
  return Math.sqrt(dLat * dLat + dLon * dLon);
}

function ageAt(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
