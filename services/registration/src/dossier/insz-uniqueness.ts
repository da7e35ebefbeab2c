import { problems } from '@toevlucht/runtime';
import type { Transaction } from '@toevlucht/persistence';
import type { DossierRepository } from '../persistence/dossier.repository';

/**
 * One INSZ, one open dossier: refuses with 409 naming the dossier that holds it (the problem's
 * `field` says which member). The partial unique index on the blind index is the guarantee;
 * this check turns the common case into a helpful answer.
 */
export async function refuseKnownInsz(
  dossiers: DossierRepository,
  tx: Transaction,
  members: readonly { readonly insz?: string | undefined; readonly field: string }[],
): Promise<void> {
  for (const member of members) {
    if (member.insz === undefined) continue;
    const existing = await dossiers.findActiveByInsz(tx, member.insz);
    if (existing[0] !== undefined) {
      throw problems.conflict(
        'duplicate-insz',
        'this INSZ is already registered in an open dossier',
        {
          existingDossierId: existing[0].dossierId,
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
