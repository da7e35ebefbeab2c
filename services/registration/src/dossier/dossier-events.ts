import type { Transaction } from '@toevlucht/persistence';
import type { Outbox } from '@toevlucht/messaging';
import { ageBandsOf } from './age-bands';
import type { Dossier, Verification } from './dossier.model';
import { type OutgoingCommand } from './follow-up-commands';

/**
 * Writes the minimised dossier event (ids, municipality, member count, age bands) and any
 * commands into the outbox, in the caller's transaction. Everything about one dossier shares
 * its ordering key, so consumers see registered before updated before closed.
 */
export async function publishDossierEvent(
  outbox: Outbox,
  tx: Transaction,
  type:
    | 'registration.dossier.registered.v1'
    | 'registration.dossier.updated.v1'
    | 'registration.dossier.closed.v1',
  dossier: Dossier,
  today: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await outbox.publish(
    tx,
    type,
    {
      dossierId: dossier.id,
      ...(dossier.nisCode === undefined ? {} : { nisCode: dossier.nisCode }),
      memberCount: Math.max(1, dossier.members.length),
      ageBands: ageBandsOf(dossier.members, today),
      version: dossier.version,
      ...extra,
    },
    { aggregateKey: dossier.id },
  );
}

/** Commands about one person keep their order (register before lookup) under its key. */
export async function sendCommands(
  outbox: Outbox,
  tx: Transaction,
  personId: string,
  commands: readonly OutgoingCommand[],
): Promise<void> {
  for (const command of commands) {
    await outbox.publish(tx, command.type, command.data, { aggregateKey: personId });
  }
}

/**
 * Tells the mesh (subsidy) a person's new verification status, by person id only: subsidy counts
 * verified persons without ever receiving an INSZ or a name.
 */
export async function announceVerification(
  outbox: Outbox,
  tx: Transaction,
  person: { readonly id: string; readonly dossierId: string },
  verification: Verification,
  now: Date,
  registerNisCode?: string,
): Promise<void> {
  if (verification.status === 'not-applicable') return;
  await outbox.publish(
    tx,
    'registration.person.verification-changed.v1',
    {
      personId: person.id,
      dossierId: person.dossierId,
      status: verification.status,
      ...(verification.referte === undefined ? {} : { referte: verification.referte }),
      ...(registerNisCode === undefined ? {} : { registerNisCode }),
      at: verification.at ?? now.toISOString(),
    },
    { aggregateKey: person.id },
  );
}
