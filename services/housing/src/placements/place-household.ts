import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { HousingPlacementRequestV1 } from '@toevlucht/contracts';
import { Outbox } from '@toevlucht/messaging';
import { isUniqueViolation, TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import type { Actor } from '@toevlucht/security';
import { occupancyStatus } from '../domain/offer-workflow';
import { rankPlaces } from '../domain/place-choice';
import { OfferRepository } from '../persistence/offer.repository';
import {
  PlacementRepository,
  type PlacementRequestRow,
  type PlaceRow,
  type StayRow,
} from '../persistence/placement.repository';
import { inScope, type Scope } from '../offers/municipality-scope';
import { publishRejection, stayMessage, type RejectionReason } from './placement-events';

export type PlacementOutcome =
  | { readonly placed: true; readonly placementId: string; readonly placeId: string }
  | { readonly placed: false; readonly reason: RejectionReason };

interface Member {
  readonly personId: string;
  readonly ageBand?: string;
}

/** How many candidate places one request tries before it gives up with no-capacity. */
const MAX_ATTEMPTS = 10;

/**
 * Places a household: from registration's request (the best place with room) or a
 * coordinator's direct assignment (one named place). The count of occupants is guarded by the
 * database (PlacementRepository.takeBeds, the CHECK constraint, one active placement per
 * dossier), so replicas and concurrent requests never overbook. A refusal is announced as
 * housing.placement.rejected.v1 and stores nothing else.
 */
@Injectable()
export class PlaceHousehold {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(PlacementRepository) private readonly placements: PlacementRepository,
    @Inject(OfferRepository) private readonly offers: OfferRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Registration's command, in the inbox's transaction. */
  async fromRequest(
    tx: Transaction,
    request: HousingPlacementRequestV1,
  ): Promise<PlacementOutcome> {
    const existing = await this.placements.lockRequest(tx, request.dossierId);
    if (existing?.status === 'closed') return this.reject(tx, request.dossierId, 'dossier-closed');
    if ((await this.placements.activePlacementOf(tx, request.dossierId)) !== undefined) {
      return this.reject(tx, request.dossierId, 'already-placed');
    }
    await this.placements.upsertRequest(tx, {
      dossierId: request.dossierId,
      requester: request.requester,
      householdSize: request.householdSize,
      members: request.members ?? [],
      preferredNisCodes: request.preferredNisCodes ?? [],
      needsAccessibility: request.needsAccessibility ?? false,
      status: 'waiting',
    });
    const candidates = rankPlaces(await this.placements.openPlaces(tx, request.householdSize), {
      size: request.householdSize,
      preferredNisCodes: request.preferredNisCodes ?? [],
      needsAccessibility: request.needsAccessibility ?? false,
    });
    for (const candidate of candidates.slice(0, MAX_ATTEMPTS)) {
      const place = await this.placements.takeBeds(tx, candidate.id, request.householdSize);
      if (place !== undefined) {
        return this.record(
          tx,
          place,
          request.dossierId,
          request.householdSize,
          request.members ?? [],
          'system:housing',
        );
      }
    }
    return this.reject(
      tx,
      request.dossierId,
      await this.whyNoPlace(tx, request, candidates.length),
    );
  }

  /**
   * A coordinator (in the place's municipality) or central staff puts a waiting household in a
   * named place. Unknown or out-of-scope places and dossiers housing has no request for are
   * refused the same way as a full place: a rejected event, nothing stored.
   */
  assign(
    actor: Actor,
    scope: Scope,
    dossierId: string,
    placeId: string,
  ): Promise<PlacementOutcome> {
    return this.transactions
      .run(async (tx) => {
        const place = await this.placements.place(tx, placeId);
        if (place === undefined || !inScope(scope, place.nisCode))
          return this.reject(tx, dossierId, 'unknown-place', placeId);
        const request = await this.placements.lockRequest(tx, dossierId);
        if (request === undefined) return this.reject(tx, dossierId, 'unknown-dossier', placeId);
        if (request.status === 'closed')
          return this.reject(tx, dossierId, 'dossier-closed', placeId);
        if (request.status === 'placed')
          return this.reject(tx, dossierId, 'already-placed', placeId);
        if (place.status !== 'open') return this.reject(tx, dossierId, 'place-withdrawn', placeId);
        const taken = await this.placements.takeBeds(tx, placeId, request.householdSize);
        if (taken === undefined) return this.reject(tx, dossierId, 'no-capacity', placeId);
        return this.record(
          tx,
          taken,
          dossierId,
          request.householdSize,
          membersOf(request),
          actor.subject,
        );
      })
      .catch(async (error: unknown) => {
        // Two assignments of one household raced past the request lock's status check.
        if (!isUniqueViolation(error, 'placements_one_active_per_dossier')) throw error;
        return this.transactions.run((tx) => this.reject(tx, dossierId, 'already-placed', placeId));
      });
  }

  private async record(
    tx: Transaction,
    place: PlaceRow,
    dossierId: string,
    persons: number,
    members: readonly Member[],
    createdBy: string,
  ): Promise<PlacementOutcome> {
    const from = this.clock.now().toISOString().slice(0, 10);
    const placementId = randomUUID();
    await this.placements.insertPlacement(tx, {
      id: placementId,
      dossierId,
      placeId: place.id,
      persons,
      from,
      createdBy,
    });
    const stays: StayRow[] = Array.from({ length: persons }, (_, i) => {
      const member = members[i];
      return {
        id: randomUUID(),
        placementId,
        dossierId,
        // A request without member ids still counts persons: each gets an id of its own.
        personId: member?.personId ?? randomUUID(),
        personKnown: member !== undefined,
        ageBand: member?.ageBand ?? null,
        placeId: place.id,
        placeType: place.type,
        nisCode: place.nisCode,
        from,
        to: null,
        revision: 1,
      };
    });
    await this.placements.insertStays(tx, stays);
    await this.placements.setRequestStatus(tx, dossierId, 'placed');
    await this.offers.setStatus(
      tx,
      place.offerId,
      undefined,
      occupancyStatus(place.occupants, place.capacity),
    );
    const knownIds = stays.filter((s) => s.personKnown).map((s) => s.personId);
    await this.outbox.publishMany(tx, [
      {
        type: 'housing.placement.assigned.v1',
        data: {
          dossierId,
          placementId,
          placeId: place.id,
          nisCode: place.nisCode,
          persons,
          from,
          ...(knownIds.length === 0 ? {} : { personIds: knownIds }),
        },
        options: { aggregateKey: dossierId },
      },
      ...stays.map((stay) => stayMessage(stay, 'started')),
    ]);
    return { placed: true, placementId, placeId: place.id };
  }

  /** no-place-in-preferred-municipalities only when there is room elsewhere; else no-capacity. */
  private async whyNoPlace(
    tx: Transaction,
    request: HousingPlacementRequestV1,
    candidates: number,
  ): Promise<RejectionReason> {
    if ((request.preferredNisCodes ?? []).length === 0 || candidates > 0) return 'no-capacity';
    const elsewhere = rankPlaces(await this.placements.openPlaces(tx, request.householdSize), {
      size: request.householdSize,
      preferredNisCodes: [],
      needsAccessibility: request.needsAccessibility ?? false,
    });
    return elsewhere.length > 0 ? 'no-place-in-preferred-municipalities' : 'no-capacity';
  }

  private async reject(
    tx: Transaction,
    dossierId: string,
    reason: RejectionReason,
    placeId?: string,
  ): Promise<PlacementOutcome> {
    await publishRejection(this.outbox, tx, dossierId, reason, placeId);
    return { placed: false, reason };
  }
}

function membersOf(request: PlacementRequestRow): Member[] {
  return Array.isArray(request.members) ? (request.members as Member[]) : [];
}
