import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { TransactionRunner } from '@toevlucht/persistence';
import { AuditTrail } from '@toevlucht/security';
import { ageBandOn } from '../domain/partial-date';
import { EerstelijnszoneDirectory } from '../domain/postcodes';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import type { Actor } from '@toevlucht/security';
import type { Gender, Needs } from '../dossier/dossier.model';
import { dossiers, persons } from '../persistence/tables';
import { referralNeedsOf, type ReportDimension } from './referral-needs';
import { suppressSmallCounts, type SuppressedTable } from './suppression';

export const REPORT_SETTINGS = Symbol('REPORT_SETTINGS');

export interface ReportSettings {
  readonly minimumCell: number;
}

/** The only columns a report reads: no names, numbers, contact data or street addresses. */
interface ReportRow {
  readonly birthDate: string | null;
  readonly ageBandAtAnonymisation: string | null;
  readonly gender: Gender;
  readonly needs: Needs;
  readonly postcode: string | null;
  readonly nisCode: string | null;
}

/**
 * Counts of referral needs by need and up to four of age band, gender, postcode, municipality
 * and eerstelijnszone, with small counts suppressed (also complementarily, so that no hidden
 * cell follows from the published totals). A person counts once per need. Dossiers closed as
 * duplicates do not count; anonymised ones do (their age band was kept).
 */
@Injectable()
export class NeedsReport {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(EerstelijnszoneDirectory) private readonly zones: EerstelijnszoneDirectory,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORT_SETTINGS) private readonly settings: ReportSettings,
  ) {}

  async build(actor: Actor, groupBy: readonly ReportDimension[]): Promise<SuppressedTable> {
    const today = this.clock.now();
    const rows = await this.transactions.run(async (tx) => {
      const found: ReportRow[] = await tx
        .select({
          birthDate: persons.birthDate,
          ageBandAtAnonymisation: persons.ageBandAtAnonymisation,
          gender: sql<Gender>`${persons.gender}`,
          needs: sql<Needs>`${persons.needs}`,
          postcode: dossiers.postcode,
          nisCode: dossiers.nisCode,
        })
        .from(persons)
        .innerJoin(dossiers, eq(persons.dossierId, dossiers.id))
        .where(
          and(
            isNull(persons.removedAt),
            or(isNull(dossiers.closeReason), ne(dossiers.closeReason, 'duplicate')),
          ),
        );
      // Aggregates only, but still a processing of personal data worth a trace.
      await this.audit.record(tx, {
        actor: actor.subject,
        role: actor.role,
        action: 'export',
        subjectIds: [],
        route: actor.route,
        purpose: `aggregate report of referral needs by ${['need', ...groupBy].join(', ')}`,
        ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
      });
      return found;
    });

    const counts = new Map<string, { key: string[]; count: number }>();
    for (const row of rows) {
      const values = groupBy.map((dimension) => this.valueOf(row, dimension, today));
      for (const need of referralNeedsOf(row.needs)) {
        const key = [need, ...values];
        const id = JSON.stringify(key);
        const cell = counts.get(id) ?? { key, count: 0 };
        cell.count += 1;
        counts.set(id, cell);
      }
    }
    return suppressSmallCounts(
      { dimensions: ['need', ...groupBy], cells: [...counts.values()] },
      { threshold: this.settings.minimumCell },
    );
  }

  private valueOf(row: ReportRow, dimension: ReportDimension, today: Date): string {
    switch (dimension) {
      case 'ageBand':
        return (
          row.ageBandAtAnonymisation ??
          (row.birthDate === null ? 'unknown' : ageBandOn(row.birthDate, today))
        );
      case 'gender':
        return row.gender;
      case 'postcode':
        return row.postcode ?? 'unknown';
      case 'municipality':
        return row.nisCode ?? 'unknown';
      case 'eerstelijnszone':
        return row.nisCode === null ? 'unknown' : (this.zones.zoneOf(row.nisCode)?.code ?? 'none');
    }
  }
}
