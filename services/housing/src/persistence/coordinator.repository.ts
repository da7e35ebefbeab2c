import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import { coordinators } from './tables';

export type CoordinatorRow = typeof coordinators.$inferSelect;

@Injectable()
export class CoordinatorRepository {
  async active(tx: Transaction, nisCode: string): Promise<CoordinatorRow[]> {
    return tx
      .select()
      .from(coordinators)
      .where(and(eq(coordinators.nisCode, nisCode), eq(coordinators.active, true)))
      .orderBy(asc(coordinators.seat));
  }

  async activeBySubject(tx: Transaction, subject: string): Promise<CoordinatorRow | undefined> {
    const rows = await tx
      .select()
      .from(coordinators)
      .where(and(eq(coordinators.subject, subject), eq(coordinators.active, true)));
    return rows[0];
  }

  async find(tx: Transaction, id: string): Promise<CoordinatorRow | undefined> {
    const rows = await tx.select().from(coordinators).where(eq(coordinators.id, id));
    return rows[0];
  }

  async insert(
    tx: Transaction,
    row: { subject: string; nisCode: string; seat: number; createdBy: string },
  ): Promise<CoordinatorRow> {
    const rows = await tx
      .insert(coordinators)
      .values({ id: randomUUID(), ...row, active: true })
      .returning();
    const inserted = rows[0];
    if (inserted === undefined) throw new Error('coordinator insert returned nothing');
    return inserted;
  }

  async deactivate(tx: Transaction, id: string): Promise<CoordinatorRow | undefined> {
    const rows = await tx
      .update(coordinators)
      .set({ active: false, seat: null, deactivatedAt: new Date() })
      .where(and(eq(coordinators.id, id), eq(coordinators.active, true)))
      .returning();
    return rows[0];
  }
}
