import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  RijksregisterPersonInszChangedV1,
  RijksregisterPersonLookedUpV1,
  RijksregisterPersonLookupFailedV1,
  RijksregisterPersonNotFoundV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Outbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import { CLOCK, type Clock } from '@toevlucht/runtime';
import { announceVerification, sendCommands } from '../dossier/dossier-events';
import { identityCommands } from '../dossier/follow-up-commands';
import type { Verification } from '../dossier/dossier.model';
import { checkIdentity } from '../dossier/identity-check';
import { MeshResults } from './mesh-results';

const PURPOSE = 'identity verification against the national register';

/**
 * The national register's answers about registered persons (via rijksregister-adapter). While
 * the register is down the adapter holds the lookups, so a person simply stays "pending": no
 * error reaches staff, and nothing here needs a timeout.
 */
@Controller()
export class IdentityResultsHandler {
  constructor(
    @Inject(MeshResults) private readonly results: MeshResults,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern<string>('rijksregister.person.looked-up.v1')
  async lookedUp(@Payload() answer: RijksregisterPersonLookedUpV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      if (person.insz !== answer.insz) return; // answer about a number the person no longer has
      const outcome = checkIdentity(person, {
        familyNames: answer.person.familyNames,
        givenNames: answer.person.givenNames,
        ...(answer.person.birthDate === undefined ? {} : { birthDate: answer.person.birthDate }),
        gender: answer.person.gender,
        deceased: answer.person.deceased !== undefined,
      });
      const verification = {
        ...outcome,
        referte: answer.referte,
        at: this.clock.now().toISOString(),
      };
      await this.results.dossiers.setVerification(tx, person.id, verification);
      await this.announce(tx, person, verification, answer.person.mainAddress?.nisCode);
      if (outcome.status === 'mismatch') {
        await this.results.dossiers.addWorkItem(
          tx,
          person.dossierId,
          person.id,
          'identity-mismatch',
          {
            fields: outcome.mismatches,
          },
        );
      } else if (outcome.status === 'deceased') {
        await this.results.dossiers.addWorkItem(
          tx,
          person.dossierId,
          person.id,
          'registered-deceased',
        );
      }
    });
  }

  @EventPattern<string>('rijksregister.person.not-found.v1')
  async notFound(@Payload() answer: RijksregisterPersonNotFoundV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      if (person.insz !== answer.insz) return;
      const verification = {
        status: 'not-found' as const,
        code: answer.code,
        referte: answer.referte,
        at: this.clock.now().toISOString(),
      };
      await this.results.dossiers.setVerification(tx, person.id, verification);
      await this.announce(tx, person, verification);
      await this.results.dossiers.addWorkItem(tx, person.dossierId, person.id, 'insz-not-found', {
        code: answer.code,
      });
    });
  }

  @EventPattern<string>('rijksregister.person.lookup-failed.v1')
  async failed(@Payload() answer: RijksregisterPersonLookupFailedV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      if (person.insz !== answer.insz) return;
      const verification = {
        status: 'failed' as const,
        code: answer.code,
        ...(answer.referte === undefined ? {} : { referte: answer.referte }),
        at: this.clock.now().toISOString(),
      };
      await this.results.dossiers.setVerification(tx, person.id, verification);
      await this.announce(tx, person, verification);
      await this.results.dossiers.addWorkItem(
        tx,
        person.dossierId,
        person.id,
        'verification-failed',
        {
          code: answer.code,
          ...(answer.origin === undefined ? {} : { origin: answer.origin }),
        },
      );
    });
  }

  /** A BIS number replaced by a national number: re-key, keep the old one, verify again. */
  @EventPattern<string>('rijksregister.person.insz-changed.v1')
  async inszChanged(
    @Payload() answer: RijksregisterPersonInszChangedV1,
    @Ctx() context: AmqpContext,
  ) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      if (person.insz !== answer.previousInsz) return;
      const holders = await this.results.dossiers.findActiveByInsz(tx, answer.currentInsz);
      if (holders.some((holder) => holder.personId !== person.id)) {
        // The new number already belongs to someone registered: the same person twice.
        await this.results.dossiers.addWorkItem(
          tx,
          person.dossierId,
          person.id,
          'possible-duplicate',
          {
            otherDossierIds: holders.map((holder) => holder.dossierId),
            cause: 'insz-changed',
          },
        );
        return;
      }
      await this.results.dossiers.rekeyInsz(tx, person.id, answer.previousInsz, answer.currentInsz);
      await this.results.dossiers.addHistory(
        tx,
        person.dossierId,
        'system:registration',
        'insz-changed',
        'open',
        {
          personId: person.id,
        },
      );
      const pending = { status: 'pending' as const, at: this.clock.now().toISOString() };
      await this.results.dossiers.setVerification(tx, person.id, pending);
      await this.announce(tx, person, pending);
      await sendCommands(
        this.outbox,
        tx,
        person.id,
        identityCommands(person.id, answer.currentInsz, this.clock.now()),
      );
    });
  }

  private announce(
    tx: Transaction,
    person: { id: string; dossierId: string },
    verification: Verification,
    registerNisCode?: string,
  ): Promise<void> {
    return announceVerification(
      this.outbox,
      tx,
      person,
      verification,
      this.clock.now(),
      registerNisCode,
    );
  }
}
