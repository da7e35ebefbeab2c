import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { TransactionRunner } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail } from '@toevlucht/security';
import type { Actor } from '@toevlucht/security';
import { workItems } from '../persistence/tables';

/** The kinds of data-quality questions, each with what staff should do about it. */
export const WORK_ITEM_KINDS = {
  'identity-mismatch': 'The national register disagrees with the declared identity (see fields).',
  'insz-not-found': 'The national register does not know this INSZ: check the number.',
  'verification-failed': 'The register refused the lookup permanently (see code).',
  'registered-deceased': 'The register records this person as deceased.',
  'insz-birth-date-mismatch': 'The declared birth date does not match the INSZ.',
  'insz-gender-mismatch': 'The declared gender does not match the INSZ.',
  'possible-duplicate': 'Same name and birth date as a person in another dossier.',
  'unknown-postcode': 'The reception postcode is not in the postcode list (special postcode?).',
  'postcode-several-municipalities':
    'The postcode covers several municipalities: check the NIS code.',
  'school-age-not-enrolled': 'A school-age child without a current school enrolment.',
  'education-lookup-failed': 'The education register could not be asked (see code).',
} as const;

export interface WorkItem {
  readonly id: string;
  readonly dossierId: string;
  readonly personId?: string;
  readonly kind: string;
  readonly description: string;
  readonly detail?: unknown;
  readonly createdAt: string;
}

/** Open work items, oldest first. Items hold ids, field names and codes: no personal values. */
@Injectable()
export class WorkList {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  open(actor: Actor, options: { kind?: string; limit: number; offset: number }) {
    return this.transactions.run(async (tx) => {
      const where = and(
        isNull(workItems.resolvedAt),
        options.kind === undefined ? undefined : eq(workItems.kind, options.kind),
      );
      const rows = await tx
        .select()
        .from(workItems)
        .where(where)
        .orderBy(asc(workItems.createdAt), asc(workItems.id))
        .limit(options.limit)
        .offset(options.offset);
      const [count] = await tx
        .select({ total: sql<number>`count(*)::int` })
        .from(workItems)
        .where(where);
      const items: WorkItem[] = rows.map((row) => ({
        id: row.id,
        dossierId: row.dossierId,
        ...(row.personId === null ? {} : { personId: row.personId }),
        kind: row.kind,
        description: (WORK_ITEM_KINDS as Record<string, string>)[row.kind] ?? row.kind,
        ...(row.detail === null ? {} : { detail: row.detail }),
        createdAt: row.createdAt.toISOString(),
      }));
      // Which person is flagged for what (deceased, not found) is about persons: audited.
      if (items.length > 0) {
        await this.audit.record(tx, {
          actor: actor.subject,
          role: actor.role,
          action: 'read',
          subjectIds: [
            ...new Set(
              items.flatMap((i) => [
                i.dossierId,
                ...(i.personId === undefined ? [] : [i.personId]),
              ]),
            ),
          ],
          route: actor.route,
          purpose: 'data-quality follow-up (work list)',
          ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
        });
      }
      return { items, total: count?.total ?? 0, limit: options.limit, offset: options.offset };
    });
  }

  resolve(actor: Actor, id: string, remark: string | undefined): Promise<void> {
    return this.transactions.run(async (tx) => {
      const rows = await tx
        .update(workItems)
        .set({ resolvedAt: new Date(), resolvedBy: actor.subject })
        .where(and(eq(workItems.id, id), isNull(workItems.resolvedAt)))
        .returning({ dossierId: workItems.dossierId, personId: workItems.personId });
      const row = rows[0];
      if (row === undefined) throw problems.notFound(`open work item ${id}`);
      await this.audit.record(tx, {
        actor: actor.subject,
        role: actor.role,
        action: 'update',
        subjectIds: [row.dossierId, ...(row.personId === null ? [] : [row.personId])],
        route: actor.route,
        purpose:
          remark === undefined ? 'data-quality follow-up' : 'data-quality follow-up (with remark)',
        ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
      });
    });
  }
}
