import { Injectable } from '@nestjs/common';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type { StayFact, VerificationFact } from '../domain/claim-calculation';
import { stays, verifications } from './tables';

export type StayRecord = StayFact & { readonly revision: number; readonly placementId: string };

/** What housing and registration told subsidy: stays and verifications, latest only. */
@Injectable()
export class OccupancyRepository {
  /** Keeps the stay at its highest revision: an older or repeated revision changes nothing. */
  async recordStay(tx: Transaction, stay: StayRecord): Promise<boolean> {
    const values = {
      revision: stay.revision,
      placementId: stay.placementId,
      dossierId: stay.dossierId,
      personId: stay.personId,
      personKnown: stay.personKnown,
      placeId: stay.placeId,
      placeType: stay.placeType,
      nisCode: stay.nisCode,
      from: stay.from,
      to: stay.to ?? null,
      receivedAt: new Date(),
    };
    const written = await tx
      .insert(stays)
      .values({ stayId: stay.stayId, ...values })
      .onConflictDoUpdate({
        target: stays.stayId,
        set: values,
        setWhere: sql`${stays.revision} < excluded.revision`,
      })
      .returning({ stayId: stays.stayId });
    return written.length > 0;
  }

  /** Keeps the latest verification by its time: an older announcement changes nothing. */
  async recordVerification(
    tx: Transaction,
    personId: string,
    verification: VerificationFact,
  ): Promise<boolean> {
    const values = {
      status: verification.status,
      referte: verification.referte ?? null,
      registerNisCode: verification.registerNisCode ?? null,
      at: verification.at,
      receivedAt: new Date(),
    };
    const written = await tx
      .insert(verifications)
      .values({ personId, ...values })
      .onConflictDoUpdate({
        target: verifications.personId,
        set: values,
        setWhere: sql`${verifications.at} <= excluded.at`,
      })
      .returning({ personId: verifications.personId });
    return written.length > 0;
  }

  async staysIn(tx: Transaction, nisCode: string): Promise<StayFact[]> {
    const rows = await tx.select().from(stays).where(eq(stays.nisCode, nisCode));
    return rows.map((row) => ({
      stayId: row.stayId,
      personId: row.personId,
      personKnown: row.personKnown,
      dossierId: row.dossierId,
      placeId: row.placeId,
      placeType: row.placeType,
      nisCode: row.nisCode,
      from: row.from,
      ...(row.to === null ? {} : { to: row.to }),
    }));
  }

  async verificationsOf(
    tx: Transaction,
    personIds: readonly string[],
  ): Promise<Map<string, VerificationFact>> {
    if (personIds.length === 0) return new Map();
    const ids = [...new Set(personIds)];
    const rows: (typeof verifications.$inferSelect)[] = [];
    // One parameter per person, and PostgreSQL takes at most 65,535 per statement.
    for (let start = 0; start < ids.length; start += 10_000) {
      rows.push(
        ...(await tx
          .select()
          .from(verifications)
          .where(inArray(verifications.personId, ids.slice(start, start + 10_000)))),
      );
    }
    return new Map(
      rows.map((row) => [
        row.personId,
        {
          status: row.status as VerificationFact['status'],
          ...(row.referte === null ? {} : { referte: row.referte }),
          ...(row.registerNisCode === null ? {} : { registerNisCode: row.registerNisCode }),
          at: new Date(row.at).toISOString(),
        },
      ]),
    );
  }
}
