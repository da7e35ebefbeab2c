import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail, type Actor } from '@toevlucht/security';
import type { OfferStatus } from '../domain/offer-workflow';
import { OfferRepository } from '../persistence/offer.repository';
import { offerAudit } from './audit-entries';
import { notFoundOutside, type Scope } from './municipality-scope';
import type { Offer, OfferTransition, Page } from './offer.model';

/** Reading offers within the caller's scope; every read of personal data is audited with it. */
@Injectable()
export class OfferQueries {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(OfferRepository) private readonly offers: OfferRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  get(actor: Actor, scope: Scope, id: string): Promise<Offer> {
    return this.transactions.run(async (tx) => {
      const offer = await this.offers.find(tx, id);
      notFoundOutside(scope, offer?.nisCode, `offer ${id}`);
      if (offer === undefined) throw problems.notFound(`offer ${id}`);
      await this.audit.record(
        tx,
        offerAudit(actor, 'read', [id], 'consultation of a housing offer'),
      );
      return offer;
    });
  }

  history(actor: Actor, scope: Scope, id: string): Promise<OfferTransition[]> {
    return this.transactions.run(async (tx) => {
      const offer = await this.offers.row(tx, id);
      notFoundOutside(scope, offer?.nisCode, `offer ${id}`);
      await this.audit.record(
        tx,
        offerAudit(actor, 'read', [id], 'consultation of an offer history'),
      );
      return this.offers.history(tx, id);
    });
  }

  list(
    actor: Actor,
    scope: Scope,
    filter: { status?: OfferStatus; limit: number; offset: number },
  ): Promise<Page<Offer>> {
    return this.transactions.run(async (tx) => {
      const page = await this.offers.list(tx, {
        ...filter,
        ...(scope.everywhere ? {} : { nisCode: scope.nisCode }),
      });
      if (page.items.length > 0) {
        await this.audit.record(
          tx,
          offerAudit(
            actor,
            'read',
            page.items.map((o) => o.id),
            'consultation of housing offers',
          ),
        );
      }
      return page;
    });
  }
}
