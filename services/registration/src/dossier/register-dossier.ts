import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@toevlucht/messaging';
import { TransactionRunner, type Transaction } from '@toevlucht/persistence';
import { problems, type FieldProblem } from '@toevlucht/runtime';
import { AuditTrail } from '@toevlucht/security';
import {
  DossierRepository,
  type NewPerson,
  type NewWorkItem,
} from '../persistence/dossier.repository';
import { isUniqueViolation } from '@toevlucht/persistence';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import type { Actor } from '@toevlucht/security';
import { commandMessages, dossierEventMessage } from './dossier-events';
import type { Dossier } from './dossier.model';
import type { CreateDossierRequest } from './dossier-request.schema';
import { followUpCommands } from './follow-up-commands';
import { concurrentInszConflict, refuseHeldInsz, refuseKnownInsz } from './insz-uniqueness';
import { INSZ_RULES, type InszRules, validatePerson } from './person-validation';
import { ReceptionAddressResolver } from './reception-address';

export interface Registered {
  readonly dossier: Dossier;
  /** False when an earlier request with the same Idempotency-Key already created it. */
  readonly created: boolean;
}

/**
 * Registers a household: validates every member, refuses an INSZ that is already in an open
 * dossier (409 naming it), flags possible duplicates by name and birth date, stores everything
 * encrypted, and in the same transaction writes the audit row, the registered event and the
 * follow-up commands (identity, education, Dutch courses). Safe to retry with an
 * Idempotency-Key: the same key and body return the same dossier.
 */
@Injectable()
export class RegisterDossier {
  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(DossierRepository) private readonly dossiers: DossierRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(ReceptionAddressResolver) private readonly addresses: ReceptionAddressResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INSZ_RULES) private readonly inszRules: InszRules,
  ) {}

  async register(
    actor: Actor,
    request: CreateDossierRequest,
    idempotencyKey: string | undefined,
  ): Promise<Registered> {
    const today = this.clock.now();
    // Only a request that can be replayed needs its fingerprint.
    const requestHash =
      idempotencyKey === undefined
        ? ''
        : createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const { members, errors } = this.validateMembers(request, today);
    const address = this.addresses.resolve(request.receptionAddress);
    if (errors.length > 0) throw problems.validation(errors);

    try {
      return await this.transactions.run(async (tx) => {
        if (idempotencyKey !== undefined) {
          const earlier = await this.replay(tx, actor, idempotencyKey, requestHash);
          if (earlier !== undefined) return { dossier: earlier, created: false };
        }
        // One query for both: INSZ already in an open dossier (refused), and name/birth-date
        // twins (flagged for review).
        const matches = await this.dossiers.findActiveMatches(
          tx,
          members.map((member) => member.data),
        );
        refuseHeldInsz(matches.inszHolders, inszFields(members));
        const id = randomUUID();
        // One statement writes the dossier, its members, its history and its work items, and
        // gives the dossier back: no second read of what was just written.
        const dossier = await this.dossiers.insertRegistered(
          tx,
          {
            id,
            consent: request.consent,
            ...(address === undefined
              ? {}
              : {
                  receptionAddress: address.address,
                  ...(address.nisCode === undefined ? {} : { nisCode: address.nisCode }),
                }),
            createdBy: actor.subject,
            ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash }),
            members,
          },
          workItemsFor(id, members, address?.flags ?? [], matches.twins),
        );
        // The event and every member's commands in one outbox insert, in this order.
        await this.outbox.publishMany(tx, [
          dossierEventMessage('registration.dossier.registered.v1', dossier, today),
          ...members.flatMap((member) =>
            commandMessages(
              member.id,
              followUpCommands(member.id, member.data, address?.address, today),
            ),
          ),
        ]);
        // Audited last (it is appended with the commit, under the service-wide audit lock).
        await this.audit.record(tx, {
          actor: actor.subject,
          role: actor.role,
          action: 'create',
          subjectIds: [id, ...members.map((m) => m.id)],
          route: actor.route,
          purpose: 'registration of a displaced household',
          ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
        });
        return { dossier, created: true };
      });
    } catch (error) {
      // Two concurrent requests: the database's unique indexes decide, and the loser is told
      // what the winner did.
      if (isUniqueViolation(error, 'dossiers_idempotency_key') && idempotencyKey !== undefined) {
        return this.transactions.run(async (tx) => {
          const earlier = await this.replay(tx, actor, idempotencyKey, requestHash);
          if (earlier === undefined) throw error;
          return { dossier: earlier, created: false };
        });
      }
      if (isUniqueViolation(error, 'persons_insz_index')) {
        return this.transactions.run(async (tx) => {
          await refuseKnownInsz(this.dossiers, tx, inszFields(members));
          throw concurrentInszConflict();
        });
      }
      throw error;
    }
  }

  private validateMembers(
    request: CreateDossierRequest,
    today: Date,
  ): { members: NewPerson[]; errors: FieldProblem[] } {
    const errors: FieldProblem[] = [];
    const members: NewPerson[] = [];
    const references = request.members.filter((m) => m.isReference === true).length;
    if (references > 1) {
      errors.push({
        field: '/members',
        code: 'several-reference-persons',
        message: 'at most one member can be the reference person',
      });
    }
    const seen = new Map<string, number>();
    request.members.forEach((input, index) => {
      const result = validatePerson(input, `/members/${index}`, today, this.inszRules);
      errors.push(...result.errors);
      if (result.person === undefined) return;
      const insz = result.person.data.insz;
      if (insz !== undefined) {
        const first = seen.get(insz);
        if (first !== undefined) {
          errors.push({
            field: `/members/${index}/insz`,
            code: 'duplicate-insz',
            message: `is the same INSZ as member ${first}`,
          });
        }
        seen.set(insz, index);
      }
      members.push({
        id: randomUUID(),
        isReference: references === 0 ? index === 0 : input.isReference === true,
        data: result.person.data,
        verification: { status: insz === undefined ? 'not-applicable' : 'pending' },
        flags: result.person.flags,
      });
    });
    return { members, errors };
  }

  private async replay(
    tx: Transaction,
    actor: Actor,
    key: string,
    requestHash: string,
  ): Promise<Dossier | undefined> {
    const earlier = await this.dossiers.findByIdempotencyKey(tx, actor.subject, key);
    if (earlier === undefined) return undefined;
    if (earlier.requestHash !== requestHash) {
      throw problems.unprocessable(
        'idempotency-key-reused',
        'this Idempotency-Key was used before with a different request body',
      );
    }
    const dossier = await this.mustFind(tx, earlier.id);
    await this.audit.record(tx, {
      actor: actor.subject,
      role: actor.role,
      action: 'read',
      subjectIds: [dossier.id],
      route: actor.route,
      purpose: 'repeated registration request (idempotent replay)',
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
    });
    return dossier;
  }

  private async mustFind(tx: Transaction, id: string): Promise<Dossier> {
    const dossier = await this.dossiers.find(tx, id);
    if (dossier === undefined) throw new Error(`dossier ${id} vanished inside its transaction`);
    return dossier;
  }
}

function inszFields(members: readonly NewPerson[]) {
  return members.map((member, index) => ({
    insz: member.data.insz,
    field: `/members/${index}/insz`,
  }));
}

/**
 * What registration asks a person to look at: the address's flags, each member's own flags, and
 * members sharing name and birth date with a person in another open dossier.
 */
function workItemsFor(
  dossierId: string,
  members: readonly NewPerson[],
  addressFlags: readonly string[],
  twins: readonly { readonly of: number; readonly dossierId: string }[],
): NewWorkItem[] {
  const items: NewWorkItem[] = addressFlags.map((kind) => ({ dossierId, kind }));
  members.forEach((member, index) => {
    for (const kind of member.flags) items.push({ dossierId, personId: member.id, kind });
    const elsewhere = twins.filter((twin) => twin.of === index && twin.dossierId !== dossierId);
    if (elsewhere.length > 0) {
      items.push({
        dossierId,
        personId: member.id,
        kind: 'possible-duplicate',
        detail: { otherDossierIds: [...new Set(elsewhere.map((twin) => twin.dossierId))] },
      });
    }
  });
  return items;
}
