import type { Transaction } from '@toevlucht/persistence';
import type { Outbox, OutgoingMessage } from '@toevlucht/messaging';
import { ageBandsOf } from './age-bands';
import type { Dossier, Verification } from './dossier.model';
import { type OutgoingCommand } from './follow-up-commands';

type DossierEventType =
  | 'registration.dossier.registered.v1'
  | 'registration.dossier.updated.v1'
  | 'registration.dossier.closed.v1';

/**
 * The minimised dossier event (ids, municipality, member count, age bands). Everything about one
 * dossier shares its ordering key, so consumers see registered before updated before closed.
 */
export function dossierEventMessage(
  type: DossierEventType,
  dossier: Dossier,
  today: Date,
  extra: Record<string, unknown> = {},
): OutgoingMessage {
  return {
    type,
    data: {
      dossierId: dossier.id,
      ...(dossier.nisCode === undefined ? {} : { nisCode: dossier.nisCode }),
      memberCount: Math.max(1, dossier.members.length),
      ageBands: ageBandsOf(dossier.members, today),
      version: dossier.version,
      ...extra,
    },
    options: { aggregateKey: dossier.id },
  };
}

/** Writes the dossier event into the outbox, in the caller's transaction. */
export async function publishDossierEvent(
  outbox: Outbox,
  tx: Transaction,
  type: DossierEventType,
  dossier: Dossier,
  today: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await outbox.publishMany(tx, [dossierEventMessage(type, dossier, today, extra)]);
}

/** Commands about one person keep their order (register before lookup) under its key. */
const UNREGISTER = 'rijksregister.person.unregister.v1';

export function commandMessages(
  personId: string,
  commands: readonly OutgoingCommand[],
): OutgoingMessage[] {
  return commands.map((command) => ({
    type: command.type,
    data: command.data,
    // Stopping to follow a number needs no order with what comes after (a new number's
    // register and lookup), and must never hold it up if the adapter cannot take it yet.
    options: {
      aggregateKey: command.type === UNREGISTER ? `${personId}:unregister` : personId,
    },
  }));
}

export async function sendCommands(
  outbox: Outbox,
  tx: Transaction,
  personId: string,
  commands: readonly OutgoingCommand[],
): Promise<void> {
  await outbox.publishMany(tx, commandMessages(personId, commands));
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
