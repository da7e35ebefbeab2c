import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import type {
  CalculatedClaim,
  ClaimLine,
  LineSegment,
  VerificationFact,
} from '../domain/claim-calculation';
import type { ClaimStatus } from '../domain/claim-workflow';
import type {
  ClaimVersionDetail,
  ClaimVersionView,
  ClaimView,
  PaymentView,
} from '../claims/claim.model';
import { claimHistory, claimLines, claims, claimVersions, payments } from './tables';

type VersionRow = typeof claimVersions.$inferSelect;
const LINE_BATCH = 1_000;
type PaymentRow = typeof payments.$inferSelect;

export interface ClaimRow {
  readonly id: string;
  readonly nisCode: string;
  readonly period: string;
  readonly latestVersion: number;
}

/** The only place claim rows become model objects, and model objects rows. */
@Injectable()
export class ClaimRepository {
  /** The claim of a municipality and month, created empty when new, locked for this transaction. */
  async lockOrCreate(tx: Transaction, nisCode: string, period: string): Promise<ClaimRow> {
    await tx
      .insert(claims)
      .values({ id: randomUUID(), nisCode, period, latestVersion: 0 })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(claims)
      .where(and(eq(claims.nisCode, nisCode), eq(claims.period, period)))
      .for('update');
    if (row === undefined) throw new Error('claim row vanished inside its transaction');
    return row;
  }

  async lockClaim(tx: Transaction, claimId: string): Promise<ClaimRow | undefined> {
    const [row] = await tx.select().from(claims).where(eq(claims.id, claimId)).for('update');
    return row;
  }

  async findClaim(tx: Transaction, claimId: string): Promise<ClaimRow | undefined> {
    const [row] = await tx.select().from(claims).where(eq(claims.id, claimId));
    return row;
  }

  async listClaims(
    tx: Transaction,
    filter: { nisCode?: string; period?: string; limit: number; offset: number },
  ): Promise<{ items: ClaimRow[]; total: number }> {
    const where = and(
      filter.nisCode === undefined ? undefined : eq(claims.nisCode, filter.nisCode),
      filter.period === undefined ? undefined : eq(claims.period, filter.period),
    );
    const items = await tx
      .select()
      .from(claims)
      .where(where)
      .orderBy(desc(claims.period), asc(claims.nisCode))
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await tx
      .select({ total: sql<number>`count(*)::int` })
      .from(claims)
      .where(where);
    return { items, total: count?.total ?? 0 };
  }

  async versionRow(
    tx: Transaction,
    claimId: string,
    version: number,
    lock = false,
  ): Promise<VersionRow | undefined> {
    const query = tx
      .select()
      .from(claimVersions)
      .where(and(eq(claimVersions.claimId, claimId), eq(claimVersions.version, version)));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  async versionRowById(tx: Transaction, id: string): Promise<VersionRow | undefined> {
    const [row] = await tx
      .select()
      .from(claimVersions)
      .where(eq(claimVersions.id, id))
      .for('update');
    return row;
  }

  async insertVersion(
    tx: Transaction,
    claim: ClaimRow,
    calculated: CalculatedClaim,
    actor: string,
    now: Date,
  ): Promise<VersionRow> {
    const version = claim.latestVersion + 1;
    const id = randomUUID();
    const [row] = await tx
      .insert(claimVersions)
      .values({
        id,
        claimId: claim.id,
        version,
        status: 'berekend',
        contentHash: calculated.contentHash,
        ...calculated.totals,
        calculatedAt: now,
        calculatedBy: actor,
      })
      .returning();
    const rows = calculated.lines.map((line, index) => ({
      claimVersionId: id,
      lineNo: index + 1,
      stayId: line.stayId,
      personId: line.personId,
      dossierId: line.dossierId,
      placeId: line.placeId,
      placeType: line.placeType,
      stayFrom: line.stayFrom,
      stayTo: line.stayTo ?? null,
      nights: line.nights,
      amountCents: line.amountCents,
      included: line.included,
      exclusionReason: line.exclusionReason ?? null,
      verification: line.verification ?? null,
      segments: line.segments,
    }));
    // PostgreSQL takes at most 65,535 parameters per statement (15 per line): a large city's
    // claim is written in batches.
    for (let start = 0; start < rows.length; start += LINE_BATCH) {
      await tx.insert(claimLines).values(rows.slice(start, start + LINE_BATCH));
    }
    await tx.update(claims).set({ latestVersion: version }).where(eq(claims.id, claim.id));
    return row!;
  }

  /**
   * Moves a version to `status` when it is still at `fromStatus` (and, when given, at the
   * revision the caller read): the compare-and-set that makes every step happen once.
   */
  async transition(
    tx: Transaction,
    versionId: string,
    fromStatus: ClaimStatus,
    status: ClaimStatus,
    changes: Partial<
      Pick<VersionRow, 'submittedAt' | 'submittedBy' | 'reviewedAt' | 'reviewedBy' | 'reviewReason'>
    > = {},
    expectedRevision?: number,
  ): Promise<VersionRow | undefined> {
    const [row] = await tx
      .update(claimVersions)
      .set({ ...changes, status, revision: sql`${claimVersions.revision} + 1` })
      .where(
        and(
          eq(claimVersions.id, versionId),
          eq(claimVersions.status, fromStatus),
          expectedRevision === undefined ? undefined : eq(claimVersions.revision, expectedRevision),
        ),
      )
      .returning();
    return row;
  }

  async addHistory(
    tx: Transaction,
    versionId: string,
    actor: string,
    event: string,
    status: ClaimStatus,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await tx.insert(claimHistory).values({
      id: randomUUID(),
      claimVersionId: versionId,
      actor,
      event,
      status,
      detail: detail ?? null,
    });
  }

  async history(tx: Transaction, versionId: string) {
    return tx
      .select({
        at: claimHistory.at,
        actor: claimHistory.actor,
        event: claimHistory.event,
        status: claimHistory.status,
        detail: claimHistory.detail,
      })
      .from(claimHistory)
      .where(eq(claimHistory.claimVersionId, versionId))
      .orderBy(asc(claimHistory.at), asc(claimHistory.id));
  }

  async view(tx: Transaction, claim: ClaimRow): Promise<ClaimView> {
    const versions = await tx
      .select()
      .from(claimVersions)
      .where(eq(claimVersions.claimId, claim.id))
      .orderBy(asc(claimVersions.version));
    const paid =
      versions.length === 0
        ? []
        : await tx
            .select()
            .from(payments)
            .where(
              inArray(
                payments.claimVersionId,
                versions.map((v) => v.id),
              ),
            );
    const byVersion = new Map(paid.map((p) => [p.claimVersionId, p]));
    return {
      id: claim.id,
      nisCode: claim.nisCode,
      period: claim.period,
      latestVersion: claim.latestVersion,
      versions: versions.map((v) => versionView(v, byVersion.get(v.id))),
    };
  }

  async detail(tx: Transaction, claim: ClaimRow, version: VersionRow): Promise<ClaimVersionDetail> {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.claimVersionId, version.id));
    const lines = await tx
      .select()
      .from(claimLines)
      .where(eq(claimLines.claimVersionId, version.id))
      .orderBy(asc(claimLines.lineNo));
    return {
      ...versionView(version, payment),
      nisCode: claim.nisCode,
      period: claim.period,
      contentHash: version.contentHash,
      lines: lines.map((line): ClaimLine => ({
        stayId: line.stayId,
        personId: line.personId,
        dossierId: line.dossierId,
        placeId: line.placeId,
        placeType: line.placeType,
        stayFrom: line.stayFrom,
        ...(line.stayTo === null ? {} : { stayTo: line.stayTo }),
        nights: line.nights,
        amountCents: line.amountCents,
        included: line.included,
        ...(line.exclusionReason === null
          ? {}
          : { exclusionReason: line.exclusionReason as ClaimLine['exclusionReason'] }),
        ...(line.verification === null
          ? {}
          : { verification: line.verification as VerificationFact }),
        segments: line.segments as LineSegment[],
      })),
    };
  }
}

function versionView(v: VersionRow, payment?: PaymentRow): ClaimVersionView {
  return {
    id: v.id,
    claimId: v.claimId,
    version: v.version,
    status: v.status as ClaimStatus,
    revision: v.revision,
    totals: {
      includedLines: v.includedLines,
      excludedLines: v.excludedLines,
      persons: v.persons,
      nights: v.nights,
      amountCents: v.amountCents,
    },
    calculatedAt: v.calculatedAt.toISOString(),
    calculatedBy: v.calculatedBy,
    ...(v.submittedAt === null ? {} : { submittedAt: v.submittedAt.toISOString() }),
    ...(v.submittedBy === null ? {} : { submittedBy: v.submittedBy }),
    ...(v.reviewedAt === null ? {} : { reviewedAt: v.reviewedAt.toISOString() }),
    ...(v.reviewedBy === null ? {} : { reviewedBy: v.reviewedBy }),
    ...(v.reviewReason === null ? {} : { reviewReason: v.reviewReason }),
    ...(payment === undefined ? {} : { payment: paymentView(payment) }),
  };
}

function paymentView(p: PaymentRow): PaymentView {
  return {
    paymentReference: p.paymentReference,
    status: p.status as PaymentView['status'],
    amountCents: p.amountCents,
    requestedAt: p.requestedAt.toISOString(),
    ...(p.acceptedAt === null ? {} : { acceptedAt: p.acceptedAt.toISOString() }),
    ...(p.paidAt === null ? {} : { paidAt: p.paidAt.toISOString() }),
    ...(p.executionDate === null ? {} : { executionDate: p.executionDate }),
    ...(p.rejectionStage === null
      ? {}
      : {
          rejection: {
            stage: p.rejectionStage,
            code: p.rejectionCode ?? '',
            reason: p.rejectionReason ?? '',
          },
        }),
  };
}
