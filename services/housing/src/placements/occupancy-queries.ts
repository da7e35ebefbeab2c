import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import {
  PlacementRepository,
  type PlacementRequestRow,
  type StayRow,
} from '../persistence/placement.repository';
import type { Scope } from '../offers/municipality-scope';
import type { Page } from '../offers/offer.model';

export interface Stay {
  readonly stayId: string;
  readonly placementId: string;
  readonly dossierId: string;
  readonly personId: string;
  readonly personKnown: boolean;
  readonly ageBand?: string;
  readonly placeId: string;
  readonly placeType: string;
  readonly nisCode: string;
  readonly from: string;
  readonly to?: string;
  /** Nights inside the asked period: dates d with max(from, period.from) <= d < min(to, period.to). */
  readonly nightsInPeriod: number;
}

const DAY_MS = 86_400_000;

/** The occupancy history (person-stays) and the households waiting for a place. */
@Injectable()
export class OccupancyQueries {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(PlacementRepository) private readonly placements: PlacementRepository,
  ) {}

  stays(
    scope: Scope,
    filter: { nisCode?: string; from: string; to: string; limit: number; offset: number },
  ): Promise<Page<Stay>> {
    if (filter.to <= filter.from) {
      throw problems.validation([
        { field: '/to', code: 'period-reversed', message: 'must be after from' },
      ]);
    }
    const nisCode = scope.everywhere ? filter.nisCode : scope.nisCode;
    if (!scope.everywhere && filter.nisCode !== undefined && filter.nisCode !== scope.nisCode) {
      throw problems.forbidden('a coordinator sees the occupancy of their own municipality only');
    }
    return this.transactions.run(async (tx) => {
      const page = await this.placements.staysOverlapping(tx, {
        ...filter,
        ...(nisCode === undefined ? {} : { nisCode }),
      });
      return {
        items: page.items.map((s) => toStay(s, filter.from, filter.to)),
        total: page.total,
        limit: filter.limit,
        offset: filter.offset,
      };
    });
  }

  waiting(
    scope: Scope,
    page: { limit: number; offset: number },
  ): Promise<Page<PlacementRequestRow>> {
    return this.transactions.run(async (tx) => {
      const result = await this.placements.waitingRequests(tx, {
        ...page,
        ...(scope.everywhere ? {} : { nisCode: scope.nisCode }),
      });
      return { ...result, ...page };
    });
  }
}

function toStay(row: StayRow, periodFrom: string, periodTo: string): Stay {
  const start = row.from > periodFrom ? row.from : periodFrom;
  const end = row.to !== null && row.to < periodTo ? row.to : periodTo;
  const nights = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS));
  return {
    stayId: row.id,
    placementId: row.placementId,
    dossierId: row.dossierId,
    personId: row.personId,
    personKnown: row.personKnown,
    ...(row.ageBand === null ? {} : { ageBand: row.ageBand }),
    placeId: row.placeId,
    placeType: row.placeType,
    nisCode: row.nisCode,
    from: row.from,
    ...(row.to === null ? {} : { to: row.to }),
    nightsInPeriod: nights,
  };
}
