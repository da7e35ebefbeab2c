import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import { AuditTrail } from '@toevlucht/security';
import { systemActor } from '@toevlucht/security';
import { REQUESTER } from '../dossier/follow-up-commands';
import { type AnsweredPerson, DossierRepository } from '../persistence/dossier.repository';

const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What every handler of an adapter's answer does around its own rule: answers to other
 * services' commands are ignored; each answer counts once (inbox, its row written with the
 * commit: every effect here is a write in the transaction); the person it is about is
 * loaded (an answer about a person who left or was anonymised meanwhile is dropped); and the
 * change is audited as the system's, naming the message type.
 */
@Injectable()
export class MeshResults {
  private readonly logger = new Logger('MeshResults');

  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(DossierRepository) readonly dossiers: DossierRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  async forPerson(
    context: AmqpContext,
    answer: { requester: string; subjectRef: string },
    purpose: string,
    work: (tx: Transaction, person: AnsweredPerson) => Promise<void>,
  ): Promise<void> {
    // Ours carry our person ids; anything else (another service reusing the name, a test) is
    // not about one of our persons, and querying with it would only fail and retry.
    if (answer.requester !== REQUESTER || !PERSON_ID.test(answer.subjectRef)) return;
    await this.inbox.handleOnceAtCommit(context, async (tx) => {
      // The dossier is locked before the person is read: a concurrent staff change or answer
      // then waits, and each sees the other's result (and the ETag moves).
      const target = await this.dossiers.lockForAnswer(tx, answer.subjectRef);
      if (target === undefined || !target.active) {
        this.logger.log(`${context.envelope.type} about a person no longer active: dropped`);
        return;
      }
      const { person } = target;
      await work(tx, person);
      await this.audit.record(tx, {
        actor: systemActor('registration', context.envelope.type).subject,
        role: 'system',
        action: 'update',
        subjectIds: [person.dossierId, person.id],
        route: context.envelope.type,
        purpose,
        requestId: context.envelope.id,
      });
    });
  }
}
