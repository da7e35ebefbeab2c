import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { type Transaction, TransactionRunner } from '@toevlucht/persistence';
import { normaliseBeneficiary } from '../domain/beneficiary';
import { parsePeriod } from '../domain/calendar';
import {
  type ClaimActor,
  type ClaimStatus,
  type Decision,
  decideReview,
  decideSubmit,
} from '../domain/claim-workflow';
import { claimPaymentReference } from '../domain/structured-reference';
import { ClaimRepository, type ClaimRow } from '../persistence/claim.repository';
import { ReferenceRepository } from '../persistence/reference.repository';
import { maySeeMunicipality } from './claim-actor';
import { ClaimError } from './claim-errors';
import { publishClaimEvent } from './claim-events';
import type { ClaimVersionDetail } from './claim.model';
import { CLOCK, type Clock } from '@toevlucht/runtime';

/**
 * The human steps of a claim version: a coordinator submits it, a central validator who did
 * not submit it approves or rejects it. Each step checks the If-Match revision, decides with
 * the pure workflow (domain/claim-workflow.ts) and writes the status, history and event in one
 * transaction. Payment follows an approval through the saga (payment/), not here.
 */
@Injectable()
export class ReviewClaim {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ClaimRepository) private readonly claims: ClaimRepository,
    @Inject(ReferenceRepository) private readonly reference: ReferenceRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  submit(actor: ClaimActor, claimId: string, version: number, revision: number) {
    return this.step(actor, claimId, version, revision, async (tx, claim, row, now) => {
      const decision = decideSubmit(this.state(claim, row), actor);
      const next = this.require(decision);
      await this.move(tx, row.id, revision, 'berekend', next, {
        submittedAt: now,
        submittedBy: actor.subject,
      });
      await this.claims.addHistory(tx, row.id, actor.subject, 'submitted', next);
      await publishClaimEvent(this.outbox, tx, 'subsidy.claim.submitted.v1', claim, row, now);
    });
  }

  approve(actor: ClaimActor, claimId: string, version: number, revision: number) {
    return this.step(actor, claimId, version, revision, async (tx, claim, row, now) => {
      const next = this.require(decideReview(this.state(claim, row), actor, 'approve'));
      // Checked now, so an approval never waits on a missing or broken account.
      const beneficiary = await this.reference.beneficiary(tx, claim.nisCode);
      if (beneficiary === undefined || !normaliseBeneficiary(beneficiary).ok)
        throw new ClaimError(
          'CLAIM.NO_BENEFICIARY',
          `no valid account is configured for municipality ${claim.nisCode}`,
        );
      await this.move(tx, row.id, revision, 'ingediend', next, {
        reviewedAt: now,
        reviewedBy: actor.subject,
      });
      const paymentReference = claimPaymentReference(
        claim.nisCode,
        parsePeriod(claim.period)!,
        row.version,
      );
      await this.claims.addHistory(tx, row.id, actor.subject, 'approved', next, {
        paymentReference,
      });
      await publishClaimEvent(this.outbox, tx, 'subsidy.claim.approved.v1', claim, row, now, {
        paymentReference,
      });
    });
  }

  reject(actor: ClaimActor, claimId: string, version: number, revision: number, reason: string) {
    return this.step(actor, claimId, version, revision, async (tx, claim, row, now) => {
      const next = this.require(decideReview(this.state(claim, row), actor, 'reject'));
      await this.move(tx, row.id, revision, 'ingediend', next, {
        reviewedAt: now,
        reviewedBy: actor.subject,
        reviewReason: reason,
      });
      await this.claims.addHistory(tx, row.id, actor.subject, 'rejected', next);
      await publishClaimEvent(this.outbox, tx, 'subsidy.claim.rejected.v1', claim, row, now);
    });
  }

  private async step(
    actor: ClaimActor,
    claimId: string,
    version: number,
    revision: number,
    work: (
      tx: Transaction,
      claim: ClaimRow,
      row: NonNullable<Awaited<ReturnType<ClaimRepository['versionRow']>>>,
      now: Date,
    ) => Promise<void>,
  ): Promise<ClaimVersionDetail> {
    return this.transactions.run(async (tx) => {
      const claim = await this.claims.findClaim(tx, claimId);
      if (claim === undefined || !maySeeMunicipality(actor, claim.nisCode))
        throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim');
      const row = await this.claims.versionRow(tx, claimId, version, true);
      if (row === undefined) throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim version');
      if (row.revision !== revision)
        throw new ClaimError('CLAIM.STALE', 'the claim version changed', row.revision);
      await work(tx, claim, row, this.clock.now());
      const updated = await this.claims.versionRow(tx, claimId, version);
      return this.claims.detail(tx, claim, updated!);
    });
  }

  private state(
    claim: ClaimRow,
    row: { status: string; amountCents: number; submittedBy: string | null },
  ) {
    return {
      status: row.status as ClaimStatus,
      nisCode: claim.nisCode,
      amountCents: row.amountCents,
      ...(row.submittedBy === null ? {} : { submittedBy: row.submittedBy }),
    };
  }

  private require(decision: Decision): ClaimStatus {
    if (!decision.ok) throw new ClaimError(decision.refusal, refusalMessage(decision.refusal));
    return decision.next;
  }

  private async move(
    tx: Transaction,
    versionId: string,
    revision: number,
    from: ClaimStatus,
    to: ClaimStatus,
    changes: Parameters<ClaimRepository['transition']>[4],
  ): Promise<void> {
    const moved = await this.claims.transition(tx, versionId, from, to, changes, revision);
    if (moved === undefined) throw new ClaimError('CLAIM.STALE', 'the claim version changed');
  }
}

function refusalMessage(refusal: Exclude<Decision, { ok: true }>['refusal']): string {
  switch (refusal) {
    case 'CLAIM.WRONG_STATUS':
      return 'the claim version is not in a status that allows this step';
    case 'CLAIM.OTHER_MUNICIPALITY':
      return 'a coordinator acts for their own municipality only';
    case 'CLAIM.ROLE_NOT_ALLOWED':
      return 'this step belongs to another role';
    case 'CLAIM.FOUR_EYES':
      return 'the submitter of a claim cannot also review it';
    case 'CLAIM.NOTHING_TO_CLAIM':
      return 'the claim version has no amount to claim';
  }
}
