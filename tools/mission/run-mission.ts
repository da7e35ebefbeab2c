import { setTimeout as sleep } from 'node:timers/promises';
import { MissionStepError } from './api';
import { householdSpec, MUNICIPALITIES, type Municipality } from './households';
import type {
  ClaimResult,
  HouseholdChecks,
  MissionClient,
  OfferResult,
  PlacementResult,
  RegisteredHousehold,
} from './mission-client';

/**
 * The whole mission for N households, with bounded concurrency: the municipality is prepared
 * and its housing offered while households are registered and checked; each checked household
 * is placed; then one claim for the municipality and month is calculated, approved and paid.
 * A household that fails is reported and the others go on; the claim counts the households
 * that were placed. Progress goes to `onEvent` (ids, counts, statuses: printable).
 */

export interface MissionPlan {
  readonly households: number;
  /** Default Gent. */
  readonly municipality?: Municipality;
  /** Where this run's person numbers start (households.ts); vary it between runs on one mesh. */
  readonly firstPerson?: number;
  /** Households in flight at once (default 8). */
  readonly concurrency?: number;
  /**
   * Household i is registered no earlier than i × paceMs after the start (default 0: as fast
   * as the concurrency allows). Spreads the load over a known time, for instance over the
   * faults of a fault-injection run, however fast the machine.
   */
  readonly paceMs?: number;
  /** The claimed month, YYYY-MM; default the current month (UTC), the month of the placements. */
  readonly period?: string;
  /** Stop after the placements (no claim, no payment). */
  readonly skipClaim?: boolean;
  /**
   * Awaited once every household is done and before the claim is made: lets a fault-injection
   * run end its first act before the payment starts.
   */
  readonly beforeClaim?: () => Promise<void>;
}

export type MissionEvent =
  | {
      readonly kind: 'municipality';
      readonly municipality: Municipality;
      readonly coordinator: string;
    }
  | { readonly kind: 'offer'; readonly offer: OfferResult }
  | { readonly kind: 'registered'; readonly household: RegisteredHousehold }
  | { readonly kind: 'checked'; readonly checks: HouseholdChecks }
  | { readonly kind: 'placed'; readonly placement: PlacementResult }
  | {
      readonly kind: 'household-failed';
      readonly index: number;
      readonly step: string;
      readonly reason: string;
    }
  | { readonly kind: 'claim-approved'; readonly claim: ClaimResult }
  | { readonly kind: 'claim-paid'; readonly claim: ClaimResult };

export interface HouseholdOutcome {
  readonly index: number;
  readonly registered?: RegisteredHousehold;
  readonly checks?: HouseholdChecks;
  readonly placement?: PlacementResult;
  readonly failure?: { readonly step: string; readonly reason: string };
}

export interface MissionReport {
  readonly municipality: Municipality;
  readonly period: string;
  readonly offers: readonly OfferResult[];
  readonly households: readonly HouseholdOutcome[];
  readonly approved?: ClaimResult;
  readonly paid?: ClaimResult;
  /** Why the claim or payment did not complete, when it did not. */
  readonly claimFailure?: string;
  readonly durationsMs: {
    readonly households: number;
    readonly claim: number;
    readonly total: number;
  };
}

/** Largest household the mission makes (households.ts) and the largest collective place. */
const MAX_HOUSEHOLD = 4;
const COLLECTIVE_CAPACITY = 500;
const DWELLING_CAPACITY = 12;

/**
 * Places for `persons` people in households of up to four: one dwelling when they fit in one,
 * otherwise collective places. Housing fills the fullest place with room for the whole household
 * first, so a place may end with up to three beds it cannot use: each gets that much slack.
 */
export function housingPlan(
  persons: number,
): { type: 'separate-dwelling' | 'collective'; capacity: number }[] {
  if (persons <= DWELLING_CAPACITY) return [{ type: 'separate-dwelling', capacity: persons }];
  const usable = COLLECTIVE_CAPACITY - (MAX_HOUSEHOLD - 1);
  const places = Math.ceil(persons / usable);
  return Array.from({ length: places }, () => ({
    type: 'collective',
    capacity: COLLECTIVE_CAPACITY,
  }));
}

/** The month of a date, as subsidy names periods. */
export function periodOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/**
 * What subsidy needs to claim the running month now (SUBSIDY_CLOCK_OFFSET_DAYS: the days to the
 * first of next month), for MeshInstance's serviceEnv or `npm start`'s environment.
 */
export function claimableNowEnv(today: Date = new Date()): { SUBSIDY_CLOCK_OFFSET_DAYS: string } {
  const next = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1);
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { SUBSIDY_CLOCK_OFFSET_DAYS: String(Math.round((next - startOfToday) / 86_400_000)) };
}

export async function runMission(
  client: MissionClient,
  plan: MissionPlan,
  onEvent: (event: MissionEvent) => void = () => undefined,
): Promise<MissionReport> {
  const started = Date.now();
  const municipality = plan.municipality ?? MUNICIPALITIES[0]!;
  const period = plan.period ?? periodOf(new Date());
  const specs = Array.from({ length: plan.households }, (_, i) =>
    householdSpec(i, plan.firstPerson),
  );
  const persons = specs.reduce((sum, spec) => sum + spec.members.length, 0);
  const places = housingPlan(persons);

  const prepared = await client.prepareMunicipality(municipality, [
    ...new Set(places.map((p) => p.type)),
  ]);
  onEvent({ kind: 'municipality', municipality, coordinator: prepared.coordinator });
  const offers: OfferResult[] = [];
  const housingReady = (async () => {
    for (const place of places) {
      const offer = await client.offerHousing(municipality, place.type, place.capacity);
      offers.push(offer);
      onEvent({ kind: 'offer', offer });
    }
  })();
  // Households wait for the places; a failure to offer housing fails them all below, once.
  housingReady.catch(() => undefined);

  const paceMs = plan.paceMs ?? 0;
  const outcomes = await inBatches(specs, plan.concurrency ?? 8, async (spec) => {
    const due = started + spec.index * paceMs - Date.now();
    if (due > 0) await sleep(due);
    const outcome: { -readonly [K in keyof HouseholdOutcome]: HouseholdOutcome[K] } = {
      index: spec.index,
    };
    let step = 'register';
    try {
      outcome.registered = await client.registerHousehold(spec, municipality);
      onEvent({ kind: 'registered', household: outcome.registered });
      step = 'checks';
      outcome.checks = await client.awaitChecks(outcome.registered);
      onEvent({ kind: 'checked', checks: outcome.checks });
      step = 'housing offers';
      await housingReady;
      step = 'placement';
      outcome.placement = await client.placeHousehold(outcome.registered.dossierId);
      onEvent({ kind: 'placed', placement: outcome.placement });
    } catch (error) {
      const reason = describe(error);
      outcome.failure = { step, reason };
      onEvent({ kind: 'household-failed', index: spec.index, step, reason });
    }
    return outcome;
  });
  const householdsDone = Date.now();
  await plan.beforeClaim?.();

  const placed = outcomes.filter((o) => o.placement !== undefined);
  const verifiedPersons = placed.reduce(
    (sum, o) => sum + (o.checks?.verification['verified'] ?? 0),
    0,
  );
  let approved: ClaimResult | undefined;
  let paid: ClaimResult | undefined;
  let claimFailure: string | undefined;
  if (plan.skipClaim === true) claimFailure = 'skipped';
  else if (placed.length === 0) claimFailure = 'no household was placed';
  else {
    try {
      approved = await client.claimAndApprove(
        municipality,
        period,
        placed.map((o) => o.placement!.dossierId),
        verifiedPersons,
      );
      onEvent({ kind: 'claim-approved', claim: approved });
      paid = await client.awaitPayment(approved.claimId, approved.version);
      onEvent({ kind: 'claim-paid', claim: paid });
    } catch (error) {
      claimFailure = describe(error);
    }
  }
  return {
    municipality,
    period,
    offers,
    households: outcomes,
    ...(approved === undefined ? {} : { approved }),
    ...(paid === undefined ? {} : { paid }),
    ...(claimFailure === undefined ? {} : { claimFailure }),
    durationsMs: {
      households: householdsDone - started,
      claim: Date.now() - householdsDone,
      total: Date.now() - started,
    },
  };
}

/** Runs `work` over the items with at most `limit` at once; results in the items' order. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A failure as printable text: our step errors as they are, others by message only. */
function describe(error: unknown): string {
  if (error instanceof MissionStepError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
