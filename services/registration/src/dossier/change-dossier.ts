import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { problems } from '@toevlucht/runtime';
import { AuditTrail, type AuditEntry } from '@toevlucht/security';
import { DossierRepository } from '../persistence/dossier.repository';
import { isUniqueViolation } from '@toevlucht/persistence';
import type { Actor } from '@toevlucht/security';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import { announceVerification, publishDossierEvent, sendCommands } from './dossier-events';
import type { Dossier, PersonData } from './dossier.model';
import type {
  CloseDossierRequest,
  PersonRequest,
  UpdateDossierRequest,
  UpdatePersonRequest,
} from './dossier-request.schema';
import {
  courseSearch,
  followUpCommands,
  identityCommands,
  REQUESTER,
  unregister,
} from './follow-up-commands';
import { ageBandOn, isMinorOn } from '../domain/partial-date';
import { concurrentInszConflict, refuseKnownInsz } from './insz-uniqueness';
import { decideEnrolment, type EnrolmentRequest } from './course-enrolment';
import { INSZ_RULES, type InszRules, validatePerson } from './person-validation';
import { ReceptionAddressResolver } from './reception-address';

/**
 * Every change to an existing dossier. Each runs in one transaction that checks the caller's
 * version (If-Match → 412 when stale), applies the change, records history and audit, and
 * writes the updated event and any follow-up commands to the outbox.
 */
@Injectable()
export class ChangeDossier {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(ReceptionAddressResolver) private readonly addresses: ReceptionAddressResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INSZ_RULES) private readonly inszRules: InszRules,
  ) {}

  update(
    actor: Actor,
    id: string,
    version: number,
    change: UpdateDossierRequest,
  ): Promise<Dossier> {
    return this.change(actor, id, version, 'updated', async (tx, dossier) => {
      if (change.consent !== undefined) await this.dossiers.updateConsent(tx, id, change.consent);
      if (change.receptionAddress !== undefined) {
        const resolved = this.addresses.resolve(change.receptionAddress ?? undefined);
        await this.dossiers.updateAddress(tx, id, resolved?.address, resolved?.nisCode);
        for (const flag of resolved?.flags ?? [])
          await this.dossiers.addWorkItem(tx, id, undefined, flag);
        // A new reception address: Dutch-course offers near the old one no longer help.
        if (
          resolved !== undefined &&
          resolved.address.postcode !== dossier.receptionAddress?.postcode
        ) {
          for (const member of dossier.members) {
            if (member.needs.dutchLessons?.wanted !== true) continue;
            await sendCommands(this.outbox, tx, member.id, [
              courseSearch(member.id, resolved.address.postcode, member.needs.dutchLessons.level),
            ]);
          }
        }
      }
      return [id];
    });
  }

  close(actor: Actor, id: string, version: number, request: CloseDossierRequest): Promise<Dossier> {
    return this.change(
      actor,
      id,
      version,
      'closed',
      async (tx, dossier) => {
        await this.dossiers.close(tx, id, request.reason);
        for (const member of dossier.members) {
          if (member.insz === undefined) continue;
          await sendCommands(this.outbox, tx, member.id, [unregister(member.id, member.insz)]);
        }
        return [id, ...dossier.members.map((m) => m.id)];
      },
      { reason: request.reason },
    );
  }

  addMember(actor: Actor, id: string, version: number, input: PersonRequest): Promise<Dossier> {
    return this.change(actor, id, version, 'member-added', async (tx, dossier) => {
      const today = this.clock.now();
      const result = validatePerson(input, '', today, this.inszRules);
      if (result.person === undefined) throw problems.validation(result.errors);
      const data = result.person.data;
      if (data.insz !== undefined)
        await refuseKnownInsz(this.dossiers, tx, [{ insz: data.insz, field: '/insz' }]);
      const personId = randomUUID();
      await this.dossiers.insertPerson(tx, id, {
        id: personId,
        isReference: false,
        data,
        verification: { status: data.insz === undefined ? 'not-applicable' : 'pending' },
        flags: result.person.flags,
      });
      for (const flag of result.person.flags)
        await this.dossiers.addWorkItem(tx, id, personId, flag);
      await sendCommands(
        this.outbox,
        tx,
        personId,
        followUpCommands(personId, data, dossier.receptionAddress, today),
      );
      return [id, personId];
    });
  }

  updateMember(
    actor: Actor,
    id: string,
    version: number,
    personId: string,
    change: UpdatePersonRequest,
  ): Promise<Dossier> {
    return this.change(actor, id, version, 'member-updated', async (tx, dossier) => {
      const today = this.clock.now();
      const current = dossier.members.find((m) => m.id === personId);
      if (current === undefined) throw problems.notFound(`member ${personId} of dossier ${id}`);
      const insz = change.insz === null ? undefined : (change.insz ?? current.insz);
      const merged: PersonRequest = {
        familyNames: [...(change.familyNames ?? current.familyNames)],
        givenNames: [...(change.givenNames ?? current.givenNames)],
        birthDate: change.birthDate ?? current.birthDate,
        gender: change.gender ?? current.gender,
        ...((change.nationality ?? current.nationality) === undefined
          ? {}
          : { nationality: change.nationality ?? current.nationality }),
        ...(insz === undefined ? {} : { insz }),
        phones: [...(change.phones ?? current.phones)],
        emails: [...(change.emails ?? current.emails)],
        languages: [...(change.languages ?? current.languages)],
        needs: (change.needs ?? current.needs) as PersonRequest['needs'],
      };
      // Needs are checked against the age only when one of them changes: a child who turned
      // 18 keeps their recorded education question until staff update it.
      const result = validatePerson(merged, '', today, {
        ...this.inszRules,
        checkNeedsAge: change.needs !== undefined || change.birthDate !== undefined,
      });
      if (result.person === undefined) throw problems.validation(result.errors);
      const data: PersonData = result.person.data;
      const inszChanged = data.insz !== current.insz;
      if (inszChanged && data.insz !== undefined)
        await refuseKnownInsz(this.dossiers, tx, [{ insz: data.insz, field: '/insz' }]);
      await this.dossiers.updatePerson(tx, personId, data, result.person.flags);
      for (const flag of result.person.flags)
        await this.dossiers.addWorkItem(tx, id, personId, flag);
      if (inszChanged && current.insz !== undefined) {
        // A corrected number: keep the old one, and stop following it at MAGDA.
        await this.dossiers.keepFormerInsz(tx, personId, current.insz, 'corrected');
        await sendCommands(this.outbox, tx, personId, [unregister(personId, current.insz)]);
      }
      const identityChanged =
        inszChanged ||
        change.familyNames !== undefined ||
        change.givenNames !== undefined ||
        change.birthDate !== undefined ||
        change.gender !== undefined;
      if (identityChanged && data.insz !== undefined) {
        // Declared identity changed: verify it again against the register.
        const pending = { status: 'pending' as const, at: today.toISOString() };
        await this.dossiers.setVerification(tx, personId, pending);
        await announceVerification(
          this.outbox,
          tx,
          { id: personId, dossierId: id },
          pending,
          today,
        );
        await sendCommands(this.outbox, tx, personId, identityCommands(personId, data.insz, today));
      }
      if (inszChanged && data.insz === undefined) {
        await this.dossiers.setVerification(tx, personId, { status: 'not-applicable' });
      }
      return [id, personId];
    });
  }

  /** Staff enrol an adult in a lesson moment of a course offer DAVINCI proposed (202). */
  requestEnrolment(
    actor: Actor,
    id: string,
    version: number,
    personId: string,
    request: EnrolmentRequest,
  ): Promise<Dossier> {
    return this.change(actor, id, version, 'course-enrolment-requested', async (tx, dossier) => {
      const member = dossier.members.find((m) => m.id === personId);
      if (member === undefined) throw problems.notFound(`member ${personId} of dossier ${id}`);
      const decision = decideEnrolment(member, request, this.clock.now());
      if (!decision.ok) throw problems.conflict(decision.type, decision.detail);
      await this.dossiers.setCourseEnrolment(tx, personId, decision.enrolment);
      await sendCommands(this.outbox, tx, personId, [decision.command]);
      return [id, personId];
    });
  }

  removeMember(actor: Actor, id: string, version: number, personId: string): Promise<Dossier> {
    return this.change(actor, id, version, 'member-removed', async (tx, dossier) => {
      const member = dossier.members.find((m) => m.id === personId);
      if (member === undefined) throw problems.notFound(`member ${personId} of dossier ${id}`);
      if (member.isReference) {
        throw problems.conflict(
          'reference-person',
          'the reference person cannot be removed; close the dossier instead',
        );
      }
      await this.dossiers.deactivatePerson(tx, personId);
      if (member.insz !== undefined) {
        await sendCommands(this.outbox, tx, personId, [unregister(personId, member.insz)]);
      }
      return [id, personId];
    });
  }

  requestPlacement(actor: Actor, id: string, version: number): Promise<Dossier> {
    return this.change(actor, id, version, 'placement-requested', async (tx, dossier) => {
      if (dossier.placement?.status === 'assigned') {
        throw problems.conflict('already-placed', 'this household already has a reception place');
      }
      const today = this.clock.now();
      await this.dossiers.setPlacement(tx, id, {
        status: 'requested',
        requestedAt: today.toISOString(),
      });
      const minors = dossier.members.filter((m) => isMinorOn(m.birthDate, today) === true).length;
      await this.outbox.publish(
        tx,
        'housing.placement.request.v1',
        {
          dossierId: id,
          requester: REQUESTER,
          householdSize: dossier.members.length,
          minors,
          ...(dossier.nisCode === undefined ? {} : { preferredNisCodes: [dossier.nisCode] }),
          needsAccessibility: dossier.members.some((m) => m.needs.welfare?.includes('disability')),
          members: dossier.members.map((m) => ({
            personId: m.id,
            ageBand: ageBandOn(m.birthDate, today),
          })),
        },
        { aggregateKey: id },
      );
      return [id];
    });
  }

  searchCourses(actor: Actor, id: string, version: number, personId: string): Promise<Dossier> {
    return this.change(actor, id, version, 'course-search-requested', async (tx, dossier) => {
      const member = dossier.members.find((m) => m.id === personId);
      if (member === undefined) throw problems.notFound(`member ${personId} of dossier ${id}`);
      if (dossier.receptionAddress === undefined) {
        throw problems.conflict(
          'no-reception-address',
          'a course search needs the reception address',
        );
      }
      await sendCommands(this.outbox, tx, personId, [
        courseSearch(personId, dossier.receptionAddress.postcode, member.needs.dutchLessons?.level),
      ]);
      return [id, personId];
    });
  }

  private async change(
    actor: Actor,
    id: string,
    version: number,
    event: string,
    apply: (tx: Transaction, dossier: Dossier) => Promise<string[]>,
    closeDetail?: { reason: string },
  ): Promise<Dossier> {
    const today = this.clock.now();
    try {
      return await this.transactions.run(async (tx) => {
        await this.dossiers.lock(tx, id);
        const before = await this.dossiers.find(tx, id);
        if (before === undefined) throw problems.notFound(`dossier ${id}`);
        if (before.status !== 'open') {
          throw problems.conflict('dossier-closed', `dossier ${id} is ${before.status}`);
        }
        const next = await this.dossiers.bumpVersion(tx, id, version);
        if (next === undefined) throw problems.preconditionFailed(before.version);
        const subjectIds = await apply(tx, before);
        const after = await this.dossiers.find(tx, id);
        if (after === undefined) throw new Error(`dossier ${id} vanished inside its transaction`);
        await this.dossiers.addHistory(tx, id, actor.subject, event, after.status, closeDetail);
        if (event === 'closed') {
          await publishDossierEvent(
            this.outbox,
            tx,
            'registration.dossier.closed.v1',
            before,
            today,
            {
              version: after.version,
              reason: closeDetail?.reason ?? 'other',
            },
          );
        } else {
          await publishDossierEvent(
            this.outbox,
            tx,
            'registration.dossier.updated.v1',
            after,
            today,
          );
        }
        // Last: the audit append holds the service-wide audit lock until the commit.
        await this.audit.record(
          tx,
          auditEntry(actor, event === 'closed' ? 'close' : 'update', subjectIds),
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'persons_insz_index')) throw concurrentInszConflict();
      throw error;
    }
  }
}

function auditEntry(actor: Actor, action: string, subjectIds: string[]): AuditEntry {
  return {
    actor: actor.subject,
    role: actor.role,
    action,
    subjectIds,
    route: actor.route,
    purpose: "maintenance of a displaced household's dossier",
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  };
}
