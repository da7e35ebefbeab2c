import type { MeshInstance } from '../../tools/mesh-instance/mesh-instance';
import {
  MissionClient,
  type MissionEvent,
  type MissionReport,
  runMission,
} from '../../tools/mission';
import type { Ledger } from './ledger';

export interface MissionLoadOptions {
  readonly households: number;
  readonly concurrency: number;
  /** Household i starts no earlier than i × paceMs after the start. */
  readonly paceMs?: number;
  /** Awaited when every household is done, before the claim is made. */
  readonly beforeClaim?: () => Promise<void>;
  /** Called once the claim is approved: its payment starts now. */
  readonly onPaymentStarted?: () => void;
}

/** Milestones worth a ledger line: every this many households registered, checked, placed. */
const MILESTONE = 50;

/**
 * The load of the suite: the whole mission (tools/mission) for N households, logged to the
 * ledger at milestones (ids and counts only). Timeouts are generous: the mission must finish
 * through the faults, however slowly; how slowly is for the benchmarks.
 */
export async function driveMission(
  mesh: MeshInstance,
  ledger: Ledger,
  options: MissionLoadOptions,
): Promise<MissionReport> {
  const client = new MissionClient(
    {
      registration: mesh.gatewayUrl,
      housing: mesh.url('housing'),
      subsidy: mesh.url('subsidy'),
    },
    (role, claims) => mesh.token(role, claims),
    { checksMs: 240_000, placementMs: 180_000, factsMs: 240_000, paymentMs: 240_000 },
  );
  const counts: Record<string, number> = { registered: 0, checked: 0, placed: 0 };
  const onEvent = (event: MissionEvent): void => {
    switch (event.kind) {
      case 'registered':
      case 'checked':
      case 'placed': {
        const count = (counts[event.kind] ?? 0) + 1;
        counts[event.kind] = count;
        if (count % MILESTONE === 0 || count === options.households) {
          ledger.action(`mission: ${count} households ${event.kind}`);
        }
        break;
      }
      case 'household-failed':
        ledger.action(`mission: household ${event.index} FAILED at ${event.step}: ${event.reason}`);
        break;
      case 'claim-approved':
        ledger.action(
          `mission: claim ${event.claim.claimId} v${event.claim.version} approved (${event.claim.persons} persons, ${event.claim.nights} nights); payment starts`,
        );
        options.onPaymentStarted?.();
        break;
      case 'claim-paid':
        ledger.action(`mission: claim ${event.claim.claimId} paid`);
        break;
      case 'municipality':
        ledger.action(`mission: municipality ${event.municipality.nisCode} prepared`);
        break;
      case 'offer':
        ledger.action(`mission: housing offer ${event.offer.offerId} validated`);
        break;
    }
  };
  const report = await runMission(
    client,
    {
      households: options.households,
      concurrency: options.concurrency,
      ...(options.paceMs === undefined ? {} : { paceMs: options.paceMs }),
      ...(options.beforeClaim === undefined ? {} : { beforeClaim: options.beforeClaim }),
    },
    onEvent,
  );
  if (report.claimFailure !== undefined) {
    ledger.action(`mission: claim or payment did not complete: ${report.claimFailure}`);
  }
  ledger.action(
    `mission done: households in ${(report.durationsMs.households / 1000).toFixed(1)} s, claim and payment in ${(report.durationsMs.claim / 1000).toFixed(1)} s`,
  );
  return report;
}
