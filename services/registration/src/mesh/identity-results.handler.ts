import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  RijksregisterPersonInszChangedV1,
  RijksregisterPersonLookedUpV1,
  RijksregisterPersonLookupFailedV1,
  RijksregisterPersonNotFoundV1,
} from '@toevlucht/contracts';
import { type AmqpContext, Outbox } from '@toevlucht/messaging';
import { CLOCK, type Clock } from '../dossier/clock';
import { sendCommands } from '../dossier/dossier-events';
import { identityCommands } from '../dossier/follow-up-commands';
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
      await this.results.dossiers.setVerification(tx, person.id, {
        ...outcome,
        referte: answer.referte,
        at: this.clock.now().toISOString(),
      });
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
      await this.results.dossiers.setVerification(tx, person.id, {
        status: 'not-found',
        code: answer.code,
        referte: answer.referte,
        at: this.clock.now().toISOString(),
      });
      await this.results.dossiers.addWorkItem(tx, person.dossierId, person.id, 'insz-not-found', {
        code: answer.code,
      });
    });
  }

  @EventPattern<string>('rijksregister.person.lookup-failed.v1')
  async failed(@Payload() answer: RijksregisterPersonLookupFailedV1, @Ctx() context: AmqpContext) {
    await this.results.forPerson(context, answer, PURPOSE, async (tx, person) => {
      if (person.insz !== answer.insz) return;
      await this.results.dossiers.setVerification(tx, person.id, {
        status: 'failed',
        code: answer.code,
        ...(answer.referte === undefined ? {} : { referte: answer.referte }),
        at: this.clock.now().toISOString(),
      });
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
      await this.results.dossiers.setVerification(tx, person.id, { status: 'pending' });
      await sendCommands(
        this.outbox,
        tx,
        person.id,
        identityCommands(person.id, answer.currentInsz, this.clock.now()),
      );
    });
  }
}
