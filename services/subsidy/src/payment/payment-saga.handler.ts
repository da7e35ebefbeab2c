import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  OrafinPaymentOrderAcceptedV1,
  OrafinPaymentOrderPaidV1,
  OrafinPaymentOrderRejectedV1,
  SubsidyClaimApprovedV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Inbox, Outbox, PermanentMessageError } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import { normaliseBeneficiary } from '../domain/beneficiary';
import { parsePeriod } from '../domain/calendar';
import { type ClaimStatus, decidePayment } from '../domain/claim-workflow';
import { claimPaymentReference } from '../domain/structured-reference';
import { publishClaimEvent } from '../claims/claim-events';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import { ClaimRepository } from '../persistence/claim.repository';
import { PaymentRepository } from '../persistence/payment.repository';
import { ReferenceRepository } from '../persistence/reference.repository';

/** Our name in orafin.payment-order.* messages: results for other requesters are not ours. */
export const REQUESTER = 'subsidy';
const SYSTEM = 'system:subsidy';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The payment saga, its state in the database (payments + the version's status):
 * approved → one orafin.payment-order.submit.v1 (betaling aangevraagd) → accepted → paid
 * (betaald) or rejected (betaling geweigerd). Every step runs through the inbox and is a
 * compare-and-set on the state it starts from, so a redelivered, replayed or re-published
 * message (even with a new message id), or a restart in between, has no second effect: a
 * version has at most one payment order (primary key), and is paid at most once.
 */
@Controller()
export class PaymentSagaHandler {
  private readonly logger = new Logger('PaymentSaga');

  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(ClaimRepository) private readonly claims: ClaimRepository,
    @Inject(PaymentRepository) private readonly payments: PaymentRepository,
    @Inject(ReferenceRepository) private readonly reference: ReferenceRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern<string>('subsidy.claim.approved.v1')
  async approved(@Payload() event: SubsidyClaimApprovedV1, @Ctx() context: AmqpContext) {
    await this.inbox.handleOnce(context, async (tx) => {
      const version = await this.claims.versionRowById(tx, event.claimVersionId);
      const claim = version && (await this.claims.findClaim(tx, version.claimId));
      if (version === undefined || claim === undefined) return;
      const decision = decidePayment(version.status as ClaimStatus, 'requested');
      if (!decision.ok) return; // already requested (or further): one order per version
      if (await this.payments.otherVersionPayable(tx, claim.id, version.id))
        // Parked for an operator: paying this version could pay the claim twice.
        throw new PermanentMessageError(
          `claim ${claim.id} already has an open or paid payment in another version`,
        );
      const beneficiary = await this.reference.beneficiary(tx, claim.nisCode);
      const checked = beneficiary && normaliseBeneficiary(beneficiary);
      // Approval checked the account; if it was removed since, retry (then park) rather than pay
      // into nothing. Ops fix the account and replay.
      if (checked === undefined || !checked.ok)
        throw new Error(`no valid beneficiary for municipality ${claim.nisCode}`);
      const paymentReference = claimPaymentReference(
        claim.nisCode,
        parsePeriod(claim.period)!,
        version.version,
      );
      if (
        !(await this.payments.create(
          tx,
          version.id,
          paymentReference,
          checked.beneficiary,
          version.amountCents,
        ))
      )
        return;
      await this.claims.transition(tx, version.id, 'goedgekeurd', decision.next);
      await this.claims.addHistory(tx, version.id, SYSTEM, 'payment-requested', decision.next, {
        paymentReference,
      });
      await this.outbox.publish(
        tx,
        'orafin.payment-order.submit.v1',
        {
          paymentReference,
          idempotencyKey: version.id,
          requester: REQUESTER,
          beneficiary: {
            name: checked.beneficiary.name,
            iban: checked.beneficiary.iban,
            ...(checked.beneficiary.bic === undefined ? {} : { bic: checked.beneficiary.bic }),
          },
          amountCents: version.amountCents,
          currency: 'EUR',
          communication: `Subsidie opvang ${claim.period} ${claim.nisCode} v${version.version}`,
        },
        // Its own key: the order must not wait behind the claim's events (see claim-events.ts).
        { aggregateKey: `payment:${version.id}` },
      );
    });
  }

  @EventPattern<string>('orafin.payment-order.accepted.v1')
  async accepted(@Payload() event: OrafinPaymentOrderAcceptedV1, @Ctx() context: AmqpContext) {
    await this.forOurPayment(context, event, async (tx) => {
      await this.payments.update(tx, event.idempotencyKey, ['aangevraagd'], {
        status: 'geaccepteerd',
        acceptedAt: this.clock.now(),
        fileSequence: event.fileSequence,
      });
    });
  }

  @EventPattern<string>('orafin.payment-order.paid.v1')
  async paid(@Payload() event: OrafinPaymentOrderPaidV1, @Ctx() context: AmqpContext) {
    await this.forOurPayment(context, event, async (tx, version, paymentReference) => {
      const now = this.clock.now();
      const moved = await this.payments.update(
        tx,
        event.idempotencyKey,
        ['aangevraagd', 'geaccepteerd'],
        {
          status: 'betaald',
          paidAt: now,
          executionDate: event.executionDate,
          paidAmountCents: event.amountCents,
          fileSequence: event.fileSequence,
        },
      );
      if (!moved) {
        // Paid after Orafin refused the same order: money may have moved for a version that
        // will be corrected. Nothing is changed automatically; an operator must look.
        const payment = await this.payments.lock(tx, event.idempotencyKey);
        if (payment?.status === 'geweigerd')
          this.logger.error(
            `paid reported for refused payment order of claim version ${version.id}`,
          );
        return;
      }
      if (event.amountCents !== version.amountCents)
        this.logger.warn(`payment of claim version ${version.id} paid another amount than ordered`);
      await this.finish(tx, version, 'paid', 'subsidy.claim.paid.v1', now, {
        paymentReference,
        executionDate: event.executionDate,
      });
    });
  }

  @EventPattern<string>('orafin.payment-order.rejected.v1')
  async rejected(@Payload() event: OrafinPaymentOrderRejectedV1, @Ctx() context: AmqpContext) {
    await this.forOurPayment(context, event, async (tx, version, paymentReference) => {
      const now = this.clock.now();
      const moved = await this.payments.update(
        tx,
        event.idempotencyKey,
        ['aangevraagd', 'geaccepteerd'],
        {
          status: 'geweigerd',
          rejectedAt: now,
          rejectionStage: event.stage,
          rejectionCode: event.reasonCode,
          rejectionReason: event.reason,
        },
      );
      if (!moved) return;
      await this.finish(tx, version, 'rejected', 'subsidy.claim.payment-rejected.v1', now, {
        paymentReference,
        stage: event.stage,
        reasonCode: event.reasonCode,
      });
    });
  }

  private async forOurPayment(
    context: AmqpContext,
    event: { requester: string; idempotencyKey: string; paymentReference: string },
    work: (
      tx: Transaction,
      version: {
        id: string;
        claimId: string;
        version: number;
        amountCents: number;
        status: string;
      },
      /** As subsidy sent it (formatted), whatever form the result echoes. */
      paymentReference: string,
    ) => Promise<void>,
  ): Promise<void> {
    if (event.requester !== REQUESTER) return;
    // Our keys are claim version ids; any other key is not an order of ours (and must not
    // become a failing query retried into the parking lot).
    if (!UUID.test(event.idempotencyKey)) {
      this.logger.warn(`${context.envelope.type} with a key that is no claim version: ignored`);
      return;
    }
    await this.inbox.handleOnce(context, async (tx) => {
      const payment = await this.payments.lock(tx, event.idempotencyKey);
      if (
        payment === undefined ||
        digits(payment.paymentReference) !== digits(event.paymentReference)
      ) {
        this.logger.warn(`${context.envelope.type} for a payment order we did not send: ignored`);
        return;
      }
      const version = await this.claims.versionRowById(tx, payment.claimVersionId);
      if (version !== undefined) await work(tx, version, payment.paymentReference);
    });
  }

  private async finish(
    tx: Transaction,
    version: { id: string; claimId: string; version: number; amountCents: number; status: string },
    step: 'paid' | 'rejected',
    type: 'subsidy.claim.paid.v1' | 'subsidy.claim.payment-rejected.v1',
    now: Date,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const decision = decidePayment(version.status as ClaimStatus, step);
    if (!decision.ok) return;
    await this.claims.transition(tx, version.id, 'betaling-aangevraagd', decision.next);
    await this.claims.addHistory(tx, version.id, SYSTEM, `payment-${step}`, decision.next, extra);
    const claim = await this.claims.findClaim(tx, version.claimId);
    await publishClaimEvent(this.outbox, tx, type, claim!, version, now, extra);
  }
}

/** A structured reference's 12 digits, whether written +++123/4567/89012+++ or bare. */
function digits(reference: string): string {
  return reference.replace(/\D/g, '');
}
