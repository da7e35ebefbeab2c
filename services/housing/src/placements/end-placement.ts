import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { CLOCK, problems, type Clock } from '@toevlucht/runtime';
import { occupancyStatus } from '../domain/offer-workflow';
import { OfferRepository } from '../persistence/offer.repository';
import { PlacementRepository, type PlacementRow } from '../persistence/placement.repository';
import { notFoundOutside, type Scope } from '../offers/municipality-scope';
import { stayMessage } from './placement-events';

export type EndReason = 'moved-out' | 'dossier-closed' | 'place-withdrawn' | 'other';

/**
 * A household moves out: the placement and each person's stay end on `to` (exclusive), the
 * beds are freed, and the mesh hears housing.placement.ended.v1 and one
 * housing.occupancy.changed.v1 per person.
 */
@Injectable()
export class EndPlacement {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(PlacementRepository) private readonly placements: PlacementRepository,
    @Inject(OfferRepository) private readonly offers: OfferRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  byPerson(
    scope: Scope,
    placementId: string,
    to: string | undefined,
    reason: EndReason,
  ): Promise<PlacementRow> {
    return this.transactions.run(async (tx) => {
      const placement = await this.placements.placement(tx, placementId);
      const place =
        placement === undefined ? undefined : await this.placements.place(tx, placement.placeId);
      notFoundOutside(scope, place?.nisCode, `placement ${placementId}`);
      if (placement === undefined) throw problems.notFound(`placement ${placementId}`);
      const date = to ?? this.today();
      if (date < placement.from) {
        throw problems.validation([
          { field: '/to', code: 'before-move-in', message: 'must not be before the move-in date' },
        ]);
      }
      const ended = await this.end(tx, placement, date, reason);
      if (ended === undefined)
        throw problems.conflict('placement-ended', `placement ${placementId} already ended`);
      return ended;
    });
  }

  /** Registration closed the dossier: its household no longer lives in the place. */
  async forClosedDossier(tx: Transaction, dossierId: string): Promise<void> {
    await this.placements.setRequestStatus(tx, dossierId, 'closed');
    const active = await this.placements.activePlacementOf(tx, dossierId);
    if (active === undefined) return;
    const today = this.today();
    await this.end(tx, active, today < active.from ? active.from : today, 'dossier-closed');
  }

  private async end(
    tx: Transaction,
    placement: PlacementRow,
    to: string,
    reason: EndReason,
  ): Promise<PlacementRow | undefined> {
    const ended = await this.placements.endPlacement(tx, placement.id, to, reason);
    if (ended === undefined) return undefined;
    const place = await this.placements.releaseBeds(tx, ended.placeId, ended.persons);
    if (place.status === 'open') {
      await this.offers.setStatus(
        tx,
        place.offerId,
        undefined,
        occupancyStatus(place.occupants, place.capacity),
      );
    }
    const stays = await this.placements.endStays(tx, ended.id, to);
    await this.outbox.publishMany(tx, [
      {
        type: 'housing.placement.ended.v1',
        data: {
          dossierId: ended.dossierId,
          placementId: ended.id,
          placeId: ended.placeId,
          nisCode: place.nisCode,
          from: ended.from,
          to,
          reason,
          ...(stays.some((s) => s.personKnown)
            ? { personIds: stays.filter((s) => s.personKnown).map((s) => s.personId) }
            : {}),
        },
        options: { aggregateKey: ended.id },
      },
      ...stays.map((stay) => stayMessage(stay, 'ended')),
    ]);
    return ended;
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
