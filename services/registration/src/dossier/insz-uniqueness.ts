import { problems } from '@toevlucht/runtime';
import type { Transaction } from '@toevlucht/persistence';
import type { DossierRepository } from '../persistence/dossier.repository';

/** A member's INSZ (if any) and the request field that names it. */
export interface InszField {
  readonly insz?: string | undefined;
  readonly field: string;
}

/**
 * One INSZ, one open dossier: refuses with 409 naming the dossier that holds it (the problem's
 * `field` says which member). The partial unique index on the blind index is the guarantee;
 * this check turns the common case into a helpful answer.
 */
export async function refuseKnownInsz(
  dossiers: DossierRepository,
  tx: Transaction,
  members: readonly InszField[],
): Promise<void> {
  const known = members.flatMap((member) => (member.insz === undefined ? [] : [member.insz]));
  // One query for every member; the first member (in request order) holding one is named.
  refuseHeldInsz(await dossiers.findActiveByAnyInsz(tx, known), members);
}

/** `refuseKnownInsz` with the holders already looked up (with the name/birth-date twins). */
export function refuseHeldInsz(
  holders: readonly { readonly insz: string; readonly dossierId: string }[],
  members: readonly InszField[],
): void {
  for (const member of members) {
    const existing = holders.find((holder) => holder.insz === member.insz);
    if (member.insz !== undefined && existing !== undefined) {
      throw problems.conflict(
        'duplicate-insz',
        'this INSZ is already registered in an open dossier',
        {
          existingDossierId: existing.dossierId,
          field: member.field,
        },
      );
    }
  }
}

/** The answer when the unique index, not the check, caught a concurrent registration. */
export function concurrentInszConflict(): Error {
  return problems.conflict(
    'duplicate-insz',
    'this INSZ was registered in an open dossier at the same moment; search for it and retry',
  );
}
