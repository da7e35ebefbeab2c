import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type { OfferStatus } from '../domain/offer-workflow';
import type { OfferType } from '../domain/offer-rules';
import type { Offer, OfferTransition, Page } from '../offers/offer.model';
import { PersonalDataCodec, PURPOSES } from './personal-data-codec';
import { offerHistory, offers, places } from './tables';

export type OfferRow = typeof offers.$inferSelect;
export type NewOffer = typeof offers.$inferInsert;

/** The offers, their history and the places made from them. */
@Injectable()
export class OfferRepository {
  constructor(@Inject(PersonalDataCodec) private readonly codec: PersonalDataCodec) {}

  async insert(tx: Transaction, row: NewOffer): Promise<void> {
    await tx.insert(offers).values(row);
  }

  async row(tx: Transaction, id: string): Promise<OfferRow | undefined> {
    const rows = await tx.select().from(offers).where(eq(offers.id, id));
    return rows[0];
  }

  async byIdempotencyKey(
    tx: Transaction,
    createdBy: string,
    key: string,
  ): Promise<OfferRow | undefined> {
    const rows = await tx
      .select()
      .from(offers)
      .where(and(eq(offers.createdBy, createdBy), eq(offers.idempotencyKey, key)));
    return rows[0];
  }

  /** Earlier offers with the same blind-indexed address and offerer, not withdrawn. */
  async duplicatesOf(tx: Transaction, duplicateIndex: string): Promise<string[]> {
    const rows = await tx
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.duplicateIndex, duplicateIndex), sql`${offers.status} <> 'ingetrokken'`))
      .orderBy(asc(offers.createdAt));
    return rows.map((r) => r.id);
  }

  async find(tx: Transaction, id: string): Promise<Offer | undefined> {
    const row = await this.row(tx, id);
    if (row === undefined) return undefined;
    const place = await this.placeOf(tx, id);
    return this.toOffer(row, place);
  }

  async list(
    tx: Transaction,
    filter: { nisCode?: string; status?: OfferStatus; limit: number; offset: number },
  ): Promise<Page<Offer>> {
    const conditions: SQL[] = [];
    if (filter.nisCode !== undefined) conditions.push(eq(offers.nisCode, filter.nisCode));
    if (filter.status !== undefined) conditions.push(eq(offers.status, filter.status));
    const where = conditions.length === 0 ? undefined : and(...conditions);
    const rows = await tx
      .select()
      .from(offers)
      .leftJoin(places, eq(places.offerId, offers.id))
      .where(where)
      .orderBy(desc(offers.createdAt), asc(offers.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await tx.select({ n: count() }).from(offers).where(where);
    return {
      items: rows.map((r) => this.toOffer(r.offers, r.places ?? undefined)),
      total: total?.n ?? 0,
      limit: filter.limit,
      offset: filter.offset,
    };
  }

  /** Moves the offer to `status` if it is still at `version`; the new version, or undefined. */
  async setStatus(
    tx: Transaction,
    id: string,
    version: number | undefined,
    status: OfferStatus,
  ): Promise<number | undefined> {
    const rows = await tx
      .update(offers)
      .set({ status, version: sql`${offers.version} + 1`, updatedAt: new Date() })
      .where(
        version === undefined
          ? eq(offers.id, id)
          : and(eq(offers.id, id), eq(offers.version, version)),
      )
      .returning({ version: offers.version });
    return rows[0]?.version;
  }

  async addHistory(
    tx: Transaction,
    offerId: string,
    entry: {
      actor: string;
      role: string;
      action: string;
      from?: OfferStatus;
      to: OfferStatus;
      reason?: string;
    },
  ): Promise<void> {
    await tx.insert(offerHistory).values({
      id: randomUUID(),
      offerId,
      actor: entry.actor,
      role: entry.role,
      action: entry.action,
      fromStatus: entry.from ?? null,
      toStatus: entry.to,
      reasonEnc: this.codec.seal(entry.reason, PURPOSES.historyReason),
    });
  }

  async history(tx: Transaction, offerId: string): Promise<OfferTransition[]> {
    const rows = await tx
      .select()
      .from(offerHistory)
      .where(eq(offerHistory.offerId, offerId))
      .orderBy(asc(offerHistory.at), asc(offerHistory.id));
    return rows.map((r) => {
      const reason = this.codec.open(r.reasonEnc, PURPOSES.historyReason);
      return {
        at: r.at.toISOString(),
        actor: r.actor,
        role: r.role,
        action: r.action,
        ...(r.fromStatus === null ? {} : { from: r.fromStatus }),
        to: r.toStatus,
        ...(reason === undefined ? {} : { reason }),
      };
    });
  }

  async insertPlace(tx: Transaction, offer: OfferRow): Promise<string> {
    const id = randomUUID();
    await tx.insert(places).values({
      id,
      offerId: offer.id,
      nisCode: offer.nisCode,
      type: offer.type,
      capacity: offer.capacity,
      accessible: offer.accessible,
      status: 'open',
    });
    return id;
  }

  async placeOf(tx: Transaction, offerId: string): Promise<typeof places.$inferSelect | undefined> {
    const rows = await tx.select().from(places).where(eq(places.offerId, offerId));
    return rows[0];
  }

  /**
   * Stops the offer's place taking placements, only while nobody lives there: the row lock of
   * this UPDATE and the placement's conditional UPDATE exclude each other, so a withdrawal and
   * a placement cannot both succeed.
   */
  async retirePlace(
    tx: Transaction,
    offerId: string,
    status: 'withdrawn' | 'closed',
  ): Promise<'retired' | 'occupied' | 'none'> {
    const rows = await tx
      .update(places)
      .set({ status })
      .where(and(eq(places.offerId, offerId), eq(places.occupants, 0)))
      .returning({ id: places.id });
    if (rows.length > 0) return 'retired';
    return (await this.placeOf(tx, offerId)) === undefined ? 'none' : 'occupied';
  }

  private toOffer(row: OfferRow, place: typeof places.$inferSelect | undefined): Offer {
    const open = (value: string | null, purpose: string) => this.codec.open(value, purpose);
    const box = open(row.boxEnc, PURPOSES.box);
    const email = open(row.offererEmailEnc, PURPOSES.offererEmail);
    const phone = open(row.offererPhoneEnc, PURPOSES.offererPhone);
    const remarks = open(row.remarksEnc, PURPOSES.remarks);
    return {
      id: row.id,
      reference: row.reference,
      status: row.status as OfferStatus,
      version: row.version,
      channel: row.channel as Offer['channel'],
      type: row.type as OfferType,
      capacity: row.capacity,
      availableFrom: row.availableFrom,
      ...(row.availableUntil === null ? {} : { availableUntil: row.availableUntil }),
      accessible: row.accessible,
      nisCode: row.nisCode,
      address: {
        street: open(row.streetEnc, PURPOSES.street) ?? '',
        houseNumber: open(row.houseNumberEnc, PURPOSES.houseNumber) ?? '',
        ...(box === undefined ? {} : { box }),
        postcode: row.postcode,
      },
      offerer: {
        name: open(row.offererNameEnc, PURPOSES.offererName) ?? '',
        ...(email === undefined ? {} : { email }),
        ...(phone === undefined ? {} : { phone }),
      },
      ...(remarks === undefined ? {} : { remarks }),
      possibleDuplicateOf: row.possibleDuplicateOf,
      ...(place === undefined
        ? {}
        : { place: { id: place.id, capacity: place.capacity, occupants: place.occupants } }),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
