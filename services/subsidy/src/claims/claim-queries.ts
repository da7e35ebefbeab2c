import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@toevlucht/persistence';
import { claimLinesCsv } from '../domain/claim-csv';
import type { ClaimActor } from '../domain/claim-workflow';
import { ClaimRepository } from '../persistence/claim.repository';
import { maySeeMunicipality, municipalityScope } from './claim-actor';
import { ClaimError } from './claim-errors';
import type { ClaimVersionDetail, ClaimView } from './claim.model';

/** Reading claims: coordinators see their own municipality's, central services all. */
@Injectable()
export class ClaimQueries {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ClaimRepository) private readonly claims: ClaimRepository,
  ) {}

  list(
    actor: ClaimActor,
    filter: { nisCode?: string; period?: string; limit: number; offset: number },
  ): Promise<{ items: ClaimView[]; total: number; limit: number; offset: number }> {
    const scope = municipalityScope(actor);
    if (scope !== undefined && filter.nisCode !== undefined && filter.nisCode !== scope)
      throw new ClaimError(
        'CLAIM.OTHER_MUNICIPALITY',
        'a coordinator sees their own municipality only',
      );
    return this.transactions.run(async (tx) => {
      const page = await this.claims.listClaims(tx, {
        ...filter,
        ...(scope === undefined ? {} : { nisCode: scope }),
      });
      const items = [];
      for (const row of page.items) items.push(await this.claims.view(tx, row));
      return { items, total: page.total, limit: filter.limit, offset: filter.offset };
    });
  }

  get(actor: ClaimActor, claimId: string): Promise<ClaimView> {
    return this.transactions.run(async (tx) => {
      const claim = await this.claims.findClaim(tx, claimId);
      // Another municipality's claim answers as if it did not exist: its id tells nothing.
      if (claim === undefined || !maySeeMunicipality(actor, claim.nisCode))
        throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim');
      return this.claims.view(tx, claim);
    });
  }

  version(
    actor: ClaimActor,
    claimId: string,
    version: number,
  ): Promise<ClaimVersionDetail & { history: unknown[] }> {
    return this.transactions.run(async (tx) => {
      const claim = await this.claims.findClaim(tx, claimId);
      if (claim === undefined || !maySeeMunicipality(actor, claim.nisCode))
        throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim');
      const row = await this.claims.versionRow(tx, claimId, version);
      if (row === undefined) throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim version');
      const detail = await this.claims.detail(tx, claim, row);
      const history = (await this.claims.history(tx, row.id)).map((h) => ({
        ...h,
        at: h.at.toISOString(),
      }));
      return { ...detail, history };
    });
  }

  async csv(
    actor: ClaimActor,
    claimId: string,
    version: number,
  ): Promise<{ filename: string; body: string }> {
    const detail = await this.version(actor, claimId, version);
    return {
      filename: `subsidie-${detail.nisCode}-${detail.period}-v${detail.version}.csv`,
      body: claimLinesCsv(detail.lines, detail.totals),
    };
  }
}
