import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { outbox } from '@toevlucht/messaging';
import { TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { AuditTrail } from '@toevlucht/security';
import { ageBandOn } from '../domain/partial-date';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import type { Needs } from '../dossier/dossier.model';
import {
  dossierHistory,
  dossiers,
  personInszHistory,
  persons,
  workItems,
} from '../persistence/tables';

export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');

export interface RetentionSettings {
  /** How long a closed dossier keeps its personal data. */
  readonly retentionDays: number;
  /** How often the service looks for dossiers past retention (0 = only on demand). */
  readonly checkIntervalMs: number;
}

/**
 * Erases the personal data of dossiers closed longer ago than the retention period: names,
 * numbers, contact data, address and birth date go; what aggregate reports need stays (age band
 * at the time, gender, postcode, NIS code, needs codes). One transaction per dossier, with its
 * audit row; outbox rows about its persons (commands carried their INSZ) go too.
 */
@Injectable()
export class AnonymiseDossiers {
  private readonly logger = new Logger('AnonymiseDossiers');

  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
  ) {}

  /** Anonymises every dossier due; returns how many. */
  async run(
    actor: { subject: string; role: string; route: string; requestId?: string } = {
      subject: 'system:retention',
      role: 'system',
      route: 'retention timer',
    },
  ): Promise<number> {
    const now = this.clock.now();
    const closedBefore = new Date(now.getTime() - this.settings.retentionDays * 86_400_000);
    let done = 0;
    for (;;) {
      const due = await this.transactions.run((tx) =>
        tx
          .select({ id: dossiers.id })
          .from(dossiers)
          .where(
            and(
              eq(dossiers.status, 'closed'),
              isNull(dossiers.anonymisedAt),
              sql`${dossiers.closedAt} < ${closedBefore.toISOString()}`,
            ),
          )
          .limit(100),
      );
      if (due.length === 0) break;
      for (const { id } of due) {
        if (await this.transactions.run((tx) => this.anonymise(tx, id, now, actor))) done += 1;
      }
    }
    if (done > 0) this.logger.log(`anonymised ${done} dossier(s) past retention`);
    return done;
  }

  /** Anonymises one dossier; false when another run (a replica, the timer) already claimed it. */
  private async anonymise(
    tx: Transaction,
    dossierId: string,
    now: Date,
    actor: { subject: string; role: string; route: string; requestId?: string },
  ): Promise<boolean> {
    // Claiming first makes concurrent runs safe: the loser waits on the row, then finds it gone.
    const claimed = await tx
      .update(dossiers)
      .set({
        status: 'anonymised',
        streetEnc: null,
        houseNumberEnc: null,
        boxEnc: null,
        // Where they were placed, with housing's records, points at the household.
        placement: null,
        idempotencyKey: null,
        requestHash: null,
        anonymisedAt: now,
      })
      .where(and(eq(dossiers.id, dossierId), eq(dossiers.status, 'closed')))
      .returning({ id: dossiers.id });
    if (claimed.length === 0) return false;
    const members = await tx
      .select({ id: persons.id, birthDate: persons.birthDate, needs: persons.needs })
      .from(persons)
      .where(eq(persons.dossierId, dossierId));
    for (const member of members) {
      await tx
        .update(persons)
        .set({
          familyNamesEnc: null,
          givenNamesEnc: null,
          nameBirthIndex: null,
          ageBandAtAnonymisation:
            member.birthDate === null ? null : ageBandOn(member.birthDate, now),
          birthDate: null,
          nationality: null,
          inszEnc: null,
          inszIndex: null,
          phonesEnc: null,
          emailsEnc: null,
          languages: [],
          needs: codesOnly(member.needs as Needs),
          verification: sql`jsonb_build_object('status', ${persons.verification}->>'status')`,
          education: null,
          courseOffers: null,
          courseEnrolment: null,
          flags: [],
          active: false,
          updatedAt: now,
        })
        .where(eq(persons.id, member.id));
    }
    const ids = members.map((member) => member.id);
    if (ids.length > 0) {
      await tx
        .update(personInszHistory)
        .set({ inszEnc: null, inszIndex: null })
        .where(inArray(personInszHistory.personId, ids));
      // Commands about these persons carried their INSZ. Long sent by now; one still unsent
      // (its owner missing for the whole retention period) has no purpose left either.
      await tx
        .delete(outbox)
        .where(inArray(outbox.aggregateKey, [...ids, ...ids.map((id) => `${id}:unregister`)]));
    }
    await tx
      .update(dossierHistory)
      .set({ detail: null })
      .where(eq(dossierHistory.dossierId, dossierId));
    await tx.update(workItems).set({ detail: null }).where(eq(workItems.dossierId, dossierId));
    await this.audit.record(tx, {
      actor: actor.subject,
      role: actor.role,
      action: 'anonymise',
      subjectIds: [dossierId, ...ids],
      route: actor.route,
      purpose: `retention period of ${this.settings.retentionDays} days after closing ended`,
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
    });
    return true;
  }
}

/** What reports need of the referral questions: codes and yes/no, never free text. */
export function codesOnly(needs: Needs): Needs {
  return {
    ...(needs.education === undefined
      ? {}
      : {
          education: {
            alreadyEnrolled: needs.education.alreadyEnrolled,
            ...(needs.education.desiredForm === undefined
              ? {}
              : { desiredForm: needs.education.desiredForm }),
          },
        }),
    ...(needs.dutchLessons === undefined
      ? {}
      : {
          dutchLessons: {
            wanted: needs.dutchLessons.wanted,
            ...(needs.dutchLessons.availability === undefined
              ? {}
              : { availability: needs.dutchLessons.availability }),
          },
        }),
    ...(needs.welfare === undefined ? {} : { welfare: needs.welfare }),
  };
}
