import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { isUniqueViolation, TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { CLOCK, problems, type Clock } from '@toevlucht/runtime';
import { AuditTrail, type Actor } from '@toevlucht/security';
import { confirmationReference } from '../domain/confirmation-reference';
import { duplicateKey } from '../domain/duplicate-key';
import { checkOffer } from '../domain/offer-rules';
import { OfferRepository, type OfferRow } from '../persistence/offer.repository';
import { PersonalDataCodec, PURPOSES } from '../persistence/personal-data-codec';
import { PostcodeLookup } from '../reference-data/postcode-lookup';
import { offerAudit } from './audit-entries';
import type { Scope } from './municipality-scope';
import type { Offer } from './offer.model';
import type { OfferSubmission } from './offer-request.schema';

export interface SubmittedOffer {
  readonly offer: Offer;
  readonly created: boolean;
}

/**
 * A new offer, from the public intake (anyone) or a coordinator (in their own municipality):
 * checked, its postcode resolved to a municipality, compared with earlier offers for a possible
 * duplicate, stored encrypted with its first history entry, audited, announced.
 */
@Injectable()
export class SubmitOffer {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(OfferRepository) private readonly offers: OfferRepository,
    @Inject(PersonalDataCodec) private readonly codec: PersonalDataCodec,
    @Inject(PostcodeLookup) private readonly postcodes: PostcodeLookup,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async submit(
    actor: Actor,
    input: OfferSubmission,
    channel: 'public-intake' | 'coordinator',
    scope: Scope,
    idempotencyKey?: string,
  ): Promise<SubmittedOffer> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const problemsFound = checkOffer(input, today);
    const nisCode = this.postcodes.nisCodeOf(input.address.postcode);
    if (nisCode === undefined) {
      problemsFound.push({
        field: '/address/postcode',
        code: 'unknown-postcode',
        message: 'is not a postcode of a Belgian municipality',
      });
    }
    if (problemsFound.length > 0 || nisCode === undefined) throw problems.validation(problemsFound);
    if (!scope.everywhere && scope.nisCode !== nisCode) {
      throw problems.forbidden('a coordinator enters offers in their own municipality only');
    }
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    try {
      return await this.transactions.run(async (tx) => {
        if (idempotencyKey !== undefined) {
          const earlier = await this.replay(tx, actor, idempotencyKey, requestHash);
          if (earlier !== undefined) return earlier;
        }
        const id = randomUUID();
        const duplicateIndex = this.codec.duplicateIndex(
          duplicateKey({
            offererName: input.offerer.name,
            street: input.address.street,
            houseNumber: input.address.houseNumber,
            ...(input.address.box === undefined ? {} : { box: input.address.box }),
            postcode: input.address.postcode,
          }),
        );
        const duplicates = await this.offers.duplicatesOf(tx, duplicateIndex);
        const reference = confirmationReference(randomBytes(5));
        await this.offers.insert(tx, {
          id,
          reference,
          status: 'ingediend',
          channel,
          type: input.type,
          capacity: input.capacity,
          availableFrom: input.availableFrom,
          availableUntil: input.availableUntil ?? null,
          accessible: input.accessible,
          postcode: input.address.postcode,
          nisCode,
          streetEnc: this.codec.seal(input.address.street, PURPOSES.street),
          houseNumberEnc: this.codec.seal(input.address.houseNumber, PURPOSES.houseNumber),
          boxEnc: this.codec.seal(input.address.box, PURPOSES.box),
          offererNameEnc: this.codec.seal(input.offerer.name, PURPOSES.offererName),
          offererEmailEnc: this.codec.seal(input.offerer.email, PURPOSES.offererEmail),
          offererPhoneEnc: this.codec.seal(input.offerer.phone, PURPOSES.offererPhone),
          remarksEnc: this.codec.seal(input.remarks, PURPOSES.remarks),
          duplicateIndex,
          possibleDuplicateOf: duplicates,
          createdBy: actor.subject,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        });
        await this.offers.addHistory(tx, id, {
          actor: actor.subject,
          role: actor.role,
          action: 'submit',
          to: 'ingediend',
        });
        await this.audit.record(tx, offerAudit(actor, 'create', [id], 'intake of a housing offer'));
        await this.outbox.publish(
          tx,
          'housing.offer.submitted.v1',
          {
            offerId: id,
            reference,
            nisCode,
            type: input.type,
            capacity: input.capacity,
            availableFrom: input.availableFrom,
            ...(input.availableUntil === undefined ? {} : { availableUntil: input.availableUntil }),
            channel,
            ...(duplicates.length === 0 ? {} : { possibleDuplicateOf: duplicates }),
          },
          { aggregateKey: id },
        );
        return { offer: await this.mustFind(tx, id), created: true };
      });
    } catch (error) {
      // Two retries with one key raced: the loser answers with the winner's offer.
      if (isUniqueViolation(error, 'offers_idempotency_key') && idempotencyKey !== undefined) {
        return this.transactions.run(async (tx) => {
          const earlier = await this.replay(tx, actor, idempotencyKey, requestHash);
          if (earlier === undefined) throw error;
          return earlier;
        });
      }
      throw error;
    }
  }

  private async replay(
    tx: Transaction,
    actor: Actor,
    key: string,
    requestHash: string,
  ): Promise<SubmittedOffer | undefined> {
    const earlier: OfferRow | undefined = await this.offers.byIdempotencyKey(
      tx,
      actor.subject,
      key,
    );
    if (earlier === undefined) return undefined;
    if (earlier.requestHash !== requestHash) {
      throw problems.unprocessable(
        'idempotency-key-reused',
        'this Idempotency-Key was used with another body',
      );
    }
    return { offer: await this.mustFind(tx, earlier.id), created: false };
  }

  private async mustFind(tx: Transaction, id: string): Promise<Offer> {
    const offer = await this.offers.find(tx, id);
    if (offer === undefined) throw new Error(`offer ${id} vanished inside its transaction`);
    return offer;
  }
}
