import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { TransactionRunner } from '@toevlucht/persistence';
import { formatPeriod, type Period, periodHasEnded } from '../domain/calendar';
import { calculateClaim } from '../domain/claim-calculation';
import { type ClaimActor, newVersionAllowed } from '../domain/claim-workflow';
import type { ClaimStatus } from '../domain/claim-workflow';
import { ClaimRepository } from '../persistence/claim.repository';
import { OccupancyRepository } from '../persistence/occupancy.repository';
import { ReferenceRepository } from '../persistence/reference.repository';
import { maySeeMunicipality } from './claim-actor';
import { ClaimError } from './claim-errors';
import { publishClaimEvent } from './claim-events';
import type { ClaimView } from './claim.model';
import { CLOCK, type Clock } from '@toevlucht/runtime';

export interface CalculationResult {
  readonly claim: ClaimView;
  /** The version the calculation produced or found unchanged. */
  readonly version: number;
  readonly created: boolean;
}

/**
 * Calculates (or recalculates) a municipality's claim for an ended month from the stays,
 * verifications and tariffs known now. One transaction, holding the claim's row lock, so two
 * concurrent calculations of one claim queue instead of both adding a version. A recalculation
 * that gives the same result as the version awaiting submission changes nothing; another result
 * replaces that version with a new one, and after a refusal (review or payment) it is the
 * correction, also a new version. In review or payment, nothing may move.
 */
@Injectable()
export class CalculateClaim {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ClaimRepository) private readonly claims: ClaimRepository,
    @Inject(OccupancyRepository) private readonly occupancy: OccupancyRepository,
    @Inject(ReferenceRepository) private readonly reference: ReferenceRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async calculate(actor: ClaimActor, nisCode: string, period: Period): Promise<CalculationResult> {
    if (!maySeeMunicipality(actor, nisCode))
      throw new ClaimError(
        'CLAIM.OTHER_MUNICIPALITY',
        'a coordinator acts for their own municipality only',
      );
    const now = this.clock.now();
    if (!periodHasEnded(period, now.toISOString().slice(0, 10)))
      throw new ClaimError('CLAIM.PERIOD_NOT_ENDED', 'a month is claimed once it has ended');
    return this.transactions.run(async (tx) => {
      const claim = await this.claims.lockOrCreate(tx, nisCode, formatPeriod(period));
      const latest =
        claim.latestVersion === 0
          ? undefined
          : await this.claims.versionRow(tx, claim.id, claim.latestVersion, true);
      const allowed = newVersionAllowed(latest?.status as ClaimStatus | undefined);
      if (allowed === 'refused')
        throw new ClaimError(
          'CLAIM.IN_PROGRESS',
          `version ${claim.latestVersion} is ${latest?.status ?? ''}: it cannot be recalculated`,
        );

      const stays = await this.occupancy.staysIn(tx, nisCode);
      const calculated = calculateClaim({
        nisCode,
        period,
        stays,
        verifications: await this.occupancy.verificationsOf(
          tx,
          stays.map((s) => s.personId),
        ),
        tariffs: await this.reference.tariffs(tx),
      });
      if (allowed === 'replace' && latest?.contentHash === calculated.contentHash) {
        return {
          claim: await this.claims.view(tx, claim),
          version: latest.version,
          created: false,
        };
      }
      if (allowed === 'replace' && latest !== undefined) {
        await this.claims.transition(tx, latest.id, 'berekend', 'vervangen');
        await this.claims.addHistory(tx, latest.id, actor.subject, 'replaced', 'vervangen', {
          by: latest.version + 1,
        });
      }
      const version = await this.claims.insertVersion(tx, claim, calculated, actor.subject, now);
      await this.claims.addHistory(tx, version.id, actor.subject, 'calculated', 'berekend', {
        contentHash: calculated.contentHash,
        ...(latest === undefined ? {} : { supersedes: latest.version }),
      });
      await publishClaimEvent(this.outbox, tx, 'subsidy.claim.calculated.v1', claim, version, now, {
        ...calculated.totals,
        ...(latest === undefined ? {} : { supersedes: latest.version }),
      });
      const updated = { ...claim, latestVersion: version.version };
      return {
        claim: await this.claims.view(tx, updated),
        version: version.version,
        created: true,
      };
    });
  }
}
