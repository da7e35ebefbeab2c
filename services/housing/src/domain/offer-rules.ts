/**
 * Sanity checks on an offer's capacity and period, the same for the public intake and for a
 * coordinator's entry. Each problem names a field (a JSON pointer) and a stable code; never the
 * value.
 */
export const OFFER_TYPES = [
  'host-family-room',
  'separate-dwelling',
  'collective',
  'emergency',
] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

/** The most persons an offer of each type can plausibly hold; above is a typo or a hoax. */
export const MAX_CAPACITY: Readonly<Record<OfferType, number>> = {
  'host-family-room': 6,
  'separate-dwelling': 12,
  collective: 500,
  emergency: 500,
};

/** An offer that starts further ahead than this is not an offer for this crisis yet. */
export const MAX_START_DAYS_AHEAD = 365;
/** Shorter stays do not help a household and only churn placements (emergency excepted). */
export const MIN_PERIOD_DAYS = 28;

export interface OfferFacts {
  readonly type: OfferType;
  readonly capacity: number;
  readonly availableFrom: string;
  readonly availableUntil?: string;
}

export interface OfferProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `today` as YYYY-MM-DD (the caller's clock), so the rules stay deterministic in tests. */
export function checkOffer(offer: OfferFacts, today: string): OfferProblem[] {
  const problems: OfferProblem[] = [];
  if (!Number.isInteger(offer.capacity) || offer.capacity < 1) {
    problems.push({
      field: '/capacity',
      code: 'capacity-too-small',
      message: 'must be at least 1 person',
    });
  } else if (offer.capacity > MAX_CAPACITY[offer.type]) {
    problems.push({
      field: '/capacity',
      code: 'capacity-implausible',
      message: `a ${offer.type} holds at most ${MAX_CAPACITY[offer.type]} persons`,
    });
  }
  if (daysBetween(today, offer.availableFrom) > MAX_START_DAYS_AHEAD) {
    problems.push({
      field: '/availableFrom',
      code: 'start-too-far-ahead',
      message: `must be within ${MAX_START_DAYS_AHEAD} days from today`,
    });
  }
  if (offer.availableUntil !== undefined) {
    const days = daysBetween(offer.availableFrom, offer.availableUntil);
    if (days <= 0) {
      problems.push({
        field: '/availableUntil',
        code: 'period-reversed',
        message: 'must be after availableFrom',
      });
    } else if (days < MIN_PERIOD_DAYS && offer.type !== 'emergency') {
      problems.push({
        field: '/availableUntil',
        code: 'period-too-short',
        message: `must be at least ${MIN_PERIOD_DAYS} days after availableFrom (emergency reception excepted)`,
      });
    }
    if (daysBetween(today, offer.availableUntil) < 0) {
      problems.push({
        field: '/availableUntil',
        code: 'period-in-past',
        message: 'must not be in the past',
      });
    }
  }
  return problems;
}
