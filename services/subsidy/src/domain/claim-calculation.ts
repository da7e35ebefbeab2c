import { createHash } from 'node:crypto';
import { dateOfDay, type Period } from './calendar';
import { type Cents, multiplyCents, sumCents } from './money';
import { nightsInPeriod } from './nights';
import { TariffSchedule, type Tariff } from './tariffs';

/** A person-stay as housing last reported it (highest revision). */
export interface StayFact {
  readonly stayId: string;
  readonly personId: string;
  /** False when housing did not know who the occupant was: such a person cannot be verified. */
  readonly personKnown: boolean;
  readonly dossierId: string;
  readonly placeId: string;
  readonly placeType: string;
  readonly nisCode: string;
  readonly from: string;
  readonly to?: string;
}

/** A person's latest verification in the national register, as registration announced it. */
export interface VerificationFact {
  readonly status: 'pending' | 'verified' | 'mismatch' | 'not-found' | 'failed' | 'deceased';
  readonly referte?: string;
  readonly registerNisCode?: string;
  readonly at: string;
}

export interface ClaimInput {
  readonly nisCode: string;
  readonly period: Period;
  readonly stays: readonly StayFact[];
  readonly verifications: ReadonlyMap<string, VerificationFact>;
  readonly tariffs: readonly Tariff[];
}

/** Consecutive nights of a line at one tariff. */
export interface LineSegment {
  readonly tariffId: string;
  readonly from: string;
  /** The day after the segment's last night. */
  readonly to: string;
  readonly nights: number;
  readonly dailyCents: Cents;
  readonly amountCents: Cents;
}

export type ExclusionReason =
  | 'person-unknown'
  | 'not-verified'
  | 'verification-pending'
  | 'verification-mismatch'
  | 'verification-not-found'
  | 'verification-failed'
  | 'verification-deceased'
  | 'registered-elsewhere'
  | 'overlaps-other-stay'
  | 'no-tariff';

export interface ClaimLine {
  readonly stayId: string;
  readonly personId: string;
  readonly dossierId: string;
  readonly placeId: string;
  readonly placeType: string;
  readonly stayFrom: string;
  readonly stayTo?: string;
  /** Nights of this stay in the period (also for an excluded line, so it can be checked). */
  readonly nights: number;
  /** What the line adds to the claim: 0 when excluded. */
  readonly amountCents: Cents;
  readonly included: boolean;
  readonly exclusionReason?: ExclusionReason;
  /** The register evidence the decision rests on (MAGDA Referte), kept with the line. */
  readonly verification?: VerificationFact;
  readonly segments: readonly LineSegment[];
}

export interface ClaimTotals {
  readonly includedLines: number;
  readonly excludedLines: number;
  /** Distinct persons with an included line. */
  readonly persons: number;
  /** Included nights (person-nights). */
  readonly nights: number;
  readonly amountCents: Cents;
}

export interface CalculatedClaim {
  readonly lines: readonly ClaimLine[];
  readonly totals: ClaimTotals;
  /** A hash of lines and totals: equal for equal results, so a recalculation shows "unchanged". */
  readonly contentHash: string;
}

/**
 * A municipality's claim for one month, from the stays housing reported there:
 * one line per person-stay with nights in the month (nights rule: nights.ts), priced night by
 * night at the tariff of the place type valid on that night (so a tariff change mid-month
 * splits the line into segments), persons × nights × tariff in integer cents.
 *
 * A line counts only when its person is verified in the national register (and, when the
 * register gave a main address, lives in the claiming municipality); otherwise it stays in the
 * claim, excluded, with its reason. A person's nights in two stays of the same claim that
 * overlap are paid once: the later stay's line is excluded. The result depends on the inputs
 * only (lines sorted by move-in date and stay id), so recalculating with the same inputs gives
 * the same claim, and the same content hash.
 */
export function calculateClaim(input: ClaimInput): CalculatedClaim {
  const schedule = new TariffSchedule(input.tariffs);
  const stays = input.stays
    .filter((stay) => stay.nisCode === input.nisCode)
    .map((stay) => ({ stay, nights: nightsInPeriod(stay, input.period) }))
    .filter((entry) => entry.nights.length > 0)
    .sort((a, b) => compare(a.stay.from, b.stay.from) || compare(a.stay.stayId, b.stay.stayId));

  const paidNights = new Map<string, Set<number>>();
  const lines = stays.map(({ stay, nights }): ClaimLine => {
    const verification = stay.personKnown ? input.verifications.get(stay.personId) : undefined;
    const segments = segmentsOf(schedule, stay.placeType, nights);
    const base = {
      stayId: stay.stayId,
      personId: stay.personId,
      dossierId: stay.dossierId,
      placeId: stay.placeId,
      placeType: stay.placeType,
      stayFrom: stay.from,
      ...(stay.to === undefined ? {} : { stayTo: stay.to }),
      nights: nights.length,
      ...(verification === undefined ? {} : { verification }),
    };
    const reason =
      exclusionOf(stay, verification, input.nisCode) ??
      (segments === undefined ? 'no-tariff' : undefined) ??
      overlap(paidNights, stay.personId, nights);
    if (reason !== undefined || segments === undefined) {
      return {
        ...base,
        amountCents: 0,
        included: false,
        exclusionReason: reason ?? 'no-tariff',
        segments: segments ?? [],
      };
    }
    const claimed = paidNights.get(stay.personId) ?? new Set<number>();
    for (const night of nights) claimed.add(night);
    paidNights.set(stay.personId, claimed);
    return {
      ...base,
      amountCents: sumCents(segments.map((s) => s.amountCents)),
      included: true,
      segments,
    };
  });

  const included = lines.filter((line) => line.included);
  const totals: ClaimTotals = {
    includedLines: included.length,
    excludedLines: lines.length - included.length,
    persons: new Set(included.map((line) => line.personId)).size,
    nights: included.reduce((sum, line) => sum + line.nights, 0),
    amountCents: sumCents(included.map((line) => line.amountCents)),
  };
  return { lines, totals, contentHash: hashOf({ lines, totals }) };
}

function exclusionOf(
  stay: StayFact,
  verification: VerificationFact | undefined,
  nisCode: string,
): ExclusionReason | undefined {
  if (!stay.personKnown) return 'person-unknown';
  if (verification === undefined) return 'not-verified';
  if (verification.status !== 'verified') return `verification-${verification.status}`;
  if (verification.registerNisCode !== undefined && verification.registerNisCode !== nisCode)
    return 'registered-elsewhere';
  return undefined;
}

function overlap(
  paidNights: ReadonlyMap<string, ReadonlySet<number>>,
  personId: string,
  nights: readonly number[],
): ExclusionReason | undefined {
  const claimed = paidNights.get(personId);
  return claimed !== undefined && nights.some((night) => claimed.has(night))
    ? 'overlaps-other-stay'
    : undefined;
}

/** The line's nights grouped by tariff, or undefined when a night has no tariff. */
function segmentsOf(
  schedule: TariffSchedule,
  placeType: string,
  nights: readonly number[],
): LineSegment[] | undefined {
  const segments: { tariff: Tariff; first: number; count: number }[] = [];
  for (const night of nights) {
    const tariff = schedule.on(placeType, night);
    if (tariff === undefined) return undefined;
    const last = segments.at(-1);
    if (last !== undefined && last.tariff.id === tariff.id) last.count += 1;
    else segments.push({ tariff, first: night, count: 1 });
  }
  return segments.map(({ tariff, first, count }) => ({
    tariffId: tariff.id,
    from: dateOfDay(first),
    to: dateOfDay(first + count),
    nights: count,
    dailyCents: tariff.dailyCents,
    amountCents: multiplyCents(tariff.dailyCents, count),
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
