import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail, type Actor } from '@toevlucht/security';
import {
  decide,
  type OfferAction,
  type OfferActorRole,
  type OfferStatus,
} from '../domain/offer-workflow';
import { OfferRepository, type OfferRow } from '../persistence/offer.repository';
import { offerAudit } from './audit-entries';
import { notFoundOutside, type Scope } from './municipality-scope';
import type { Offer } from './offer.model';

/**
 * A person moves an offer along its workflow. One transaction: the offer's version must match
 * the caller's If-Match, the workflow must allow the action for the caller's role, and the
 * transition is recorded with who, when and why. Making an offer available opens its reception
 * place; withdrawing or closing retires the place, refused while anybody lives there.
 */
@Injectable()
export class TransitionOffer {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(OfferRepository) private readonly offers: OfferRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  apply(
    actor: Actor,
    scope: Scope,
    id: string,
    version: number,
    action: OfferAction,
    reason?: string,
  ): Promise<Offer> {
    return this.transactions.run(async (tx) => {
      const before = await this.offers.row(tx, id);
      notFoundOutside(scope, before?.nisCode, `offer ${id}`);
      if (before === undefined) throw problems.notFound(`offer ${id}`);
      const from = before.status as OfferStatus;
      const decision = decide(from, action, actor.role as OfferActorRole);
      if (!decision.allowed) {
        throw problems.conflict(
          decision.reason,
          decision.reason === 'occupants-must-move-first'
            ? `the offer has occupants: end their placements before you ${action} it`
            : `'${action}' is not allowed for ${actor.role} on an offer that is ${from}; allowed: ${decision.allowedActions.join(', ') || 'none'}`,
          { currentStatus: from, allowedActions: decision.allowedActions },
        );
      }
      const next = await this.offers.setStatus(tx, id, version, decision.to);
      if (next === undefined) throw problems.preconditionFailed(before.version);
      await this.sideEffects(tx, before, action);
      await this.offers.addHistory(tx, id, {
        actor: actor.subject,
        role: actor.role,
        action,
        from,
        to: decision.to,
        ...(reason === undefined ? {} : { reason }),
      });
      await this.audit.record(
        tx,
        offerAudit(actor, 'update', [id], 'validation of a housing offer'),
      );
      const after = await this.offers.find(tx, id);
      if (after === undefined) throw new Error(`offer ${id} vanished inside its transaction`);
      return after;
    });
  }

  private async sideEffects(tx: Transaction, offer: OfferRow, action: OfferAction): Promise<void> {
    switch (action) {
      case 'validate-centrally':
        await this.outbox.publish(
          tx,
          'housing.offer.validated.v1',
          {
            offerId: offer.id,
            nisCode: offer.nisCode,
            type: offer.type,
            capacity: offer.capacity,
            availableFrom: offer.availableFrom,
            ...(offer.availableUntil === null ? {} : { availableUntil: offer.availableUntil }),
          },
          { aggregateKey: offer.id },
        );
        return;
      case 'make-available':
        await this.offers.insertPlace(tx, offer);
        return;
      case 'withdraw':
      case 'close': {
        const retired = await this.offers.retirePlace(
          tx,
          offer.id,
          action === 'withdraw' ? 'withdrawn' : 'closed',
        );
        // The status said free but a placement committed since: the row lock decided for it.
        if (retired === 'occupied') {
          throw problems.conflict(
            'occupants-must-move-first',
            `the offer has occupants: end their placements before you ${action} it`,
          );
        }
        if (action === 'withdraw') {
          await this.outbox.publish(
            tx,
            'housing.offer.withdrawn.v1',
            { offerId: offer.id, nisCode: offer.nisCode },
            { aggregateKey: offer.id },
          );
        }
        return;
      }
      case 'check':
      case 'validate':
        return;
    }
  }
}
