import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type { PlaceCandidate } from '../domain/place-choice';
import { placementRequests, placements, places, stays } from './tables';

export type PlaceRow = typeof places.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
export type StayRow = typeof stays.$inferSelect;
export type PlacementRequestRow = typeof placementRequests.$inferSelect;

/** Places, placements, the persons' stays and the requests waiting for a place. */
@Injectable()
export class PlacementRepository {
  async place(tx: Transaction, id: string): Promise<PlaceRow | undefined> {
    const rows = await tx.select().from(places).where(eq(places.id, id));
    return rows[0];
  }

  /** Open places with room for `size` persons (the database re-checks when taking them). */
  async openPlaces(tx: Transaction, size: number): Promise<PlaceCandidate[]> {
    return tx
      .select({
        id: places.id,
        nisCode: places.nisCode,
        capacity: places.capacity,
        occupants: places.occupants,
        accessible: places.accessible,
      })
      .from(places)
      .where(
        and(eq(places.status, 'open'), sql`${places.capacity} - ${places.occupants} >= ${size}`),
      )
      .limit(500);
  }

  /**
   * Takes `persons` beds in an open place, or nothing. One statement: PostgreSQL locks the row,
   * and a concurrent taker waits and then re-evaluates the condition against the committed
   * count, so the sum never passes capacity (and the CHECK constraint would refuse it if it
   * did). Returns the row after the update, or undefined when there was no room.
   */
  async takeBeds(tx: Transaction, placeId: string, persons: number): Promise<PlaceRow | undefined> {
    const rows = await tx
      .update(places)
      .set({ occupants: sql`${places.occupants} + ${persons}` })
      .where(
        and(
          eq(places.id, placeId),
          eq(places.status, 'open'),
          sql`${places.occupants} + ${persons} <= ${places.capacity}`,
        ),
      )
      .returning();
    return rows[0];
  }

  async releaseBeds(tx: Transaction, placeId: string, persons: number): Promise<PlaceRow> {
    const rows = await tx
      .update(places)
      .set({ occupants: sql`${places.occupants} - ${persons}` })
      .where(eq(places.id, placeId))
      .returning();
    const row = rows[0];
    if (row === undefined) throw new Error(`place ${placeId} vanished`);
    return row;
  }

  async insertPlacement(tx: Transaction, row: typeof placements.$inferInsert): Promise<void> {
    await tx.insert(placements).values(row);
  }

  async insertStays(tx: Transaction, rows: (typeof stays.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await tx.insert(stays).values(rows);
  }

  async placement(tx: Transaction, id: string): Promise<PlacementRow | undefined> {
    const rows = await tx.select().from(placements).where(eq(placements.id, id));
    return rows[0];
  }

  async activePlacementOf(tx: Transaction, dossierId: string): Promise<PlacementRow | undefined> {
    const rows = await tx
      .select()
      .from(placements)
      .where(and(eq(placements.dossierId, dossierId), isNull(placements.to)));
    return rows[0];
  }

  /** Ends the placement if it is still active (the row lock makes two endings one). */
  async endPlacement(
    tx: Transaction,
    id: string,
    to: string,
    reason: string,
  ): Promise<PlacementRow | undefined> {
    const rows = await tx
      .update(placements)
      .set({ to, endReason: reason })
      .where(and(eq(placements.id, id), isNull(placements.to)))
      .returning();
    return rows[0];
  }

  /** Closes the placement's open stays; returns them with their new revision. */
  async endStays(tx: Transaction, placementId: string, to: string): Promise<StayRow[]> {
    return tx
      .update(stays)
      .set({ to, revision: sql`${stays.revision} + 1` })
      .where(and(eq(stays.placementId, placementId), isNull(stays.to)))
      .returning();
  }

  async upsertRequest(tx: Transaction, row: typeof placementRequests.$inferInsert): Promise<void> {
    await tx
      .insert(placementRequests)
      .values(row)
      .onConflictDoUpdate({
        target: placementRequests.dossierId,
        set: {
          requester: row.requester,
          householdSize: row.householdSize,
          members: row.members,
          preferredNisCodes: row.preferredNisCodes,
          needsAccessibility: row.needsAccessibility,
          status: sql`CASE WHEN ${placementRequests.status} = 'closed' THEN 'closed' ELSE ${row.status} END`,
          updatedAt: new Date(),
        },
      });
  }

  /** The request, locked: two assignments of one household queue here. */
  async lockRequest(tx: Transaction, dossierId: string): Promise<PlacementRequestRow | undefined> {
    const rows = await tx
      .select()
      .from(placementRequests)
      .where(eq(placementRequests.dossierId, dossierId))
      .for('update');
    return rows[0];
  }

  async setRequestStatus(
    tx: Transaction,
    dossierId: string,
    status: 'waiting' | 'placed' | 'closed',
  ): Promise<void> {
    await tx
      .update(placementRequests)
      .set({ status, updatedAt: new Date() })
      .where(eq(placementRequests.dossierId, dossierId));
  }

  async waitingRequests(
    tx: Transaction,
    filter: { nisCode?: string; limit: number; offset: number },
  ): Promise<{ items: PlacementRequestRow[]; total: number }> {
    const conditions: SQL[] = [eq(placementRequests.status, 'waiting')];
    if (filter.nisCode !== undefined) {
      conditions.push(
        or(
          sql`${filter.nisCode} = ANY(${placementRequests.preferredNisCodes})`,
          sql`cardinality(${placementRequests.preferredNisCodes}) = 0`,
        ) as SQL,
      );
    }
    const where = and(...conditions);
    const items = await tx
      .select()
      .from(placementRequests)
      .where(where)
      .orderBy(asc(placementRequests.receivedAt))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await tx.select({ n: count() }).from(placementRequests).where(where);
    return { items, total: total?.n ?? 0 };
  }

  /** Stays overlapping [from, to) in a municipality (or everywhere), for occupancy reports. */
  async staysOverlapping(
    tx: Transaction,
    filter: { nisCode?: string; from: string; to: string; limit: number; offset: number },
  ): Promise<{ items: StayRow[]; total: number }> {
    const conditions: SQL[] = [
      lte(stays.from, sql`${filter.to}::date - 1`),
      or(isNull(stays.to), gt(stays.to, filter.from)) as SQL,
    ];
    if (filter.nisCode !== undefined) conditions.push(eq(stays.nisCode, filter.nisCode));
    const where = and(...conditions);
    const items = await tx
      .select()
      .from(stays)
      .where(where)
      .orderBy(asc(stays.from), asc(stays.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await tx.select({ n: count() }).from(stays).where(where);
    return { items, total: total?.n ?? 0 };
  }
}
