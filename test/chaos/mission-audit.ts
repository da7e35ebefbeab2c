import type { MeshInstance } from '../../tools/mesh-instance/mesh-instance';
import type { MissionReport } from '../../tools/mission';
import { queryDatabase } from './end-state-audit';
import type { Ledger } from './ledger';

/**
 * Every dossier, placement and payment of the mission accounted for, counted in each service's
 * own database against what was driven, and no payment twice: in subsidy's payments, in the
 * Orafin adapter's orders and in what the Orafin simulator received. Writes findings only.
 */
export async function auditMission(
  mesh: MeshInstance,
  ledger: Ledger,
  driven: number,
  report: MissionReport,
): Promise<void> {
  const outcomes = report.households;
  const persons = outcomes.reduce((sum, o) => sum + (o.registered?.personIds.length ?? 0), 0);
  ledger.finding(
    'households registered (mission)',
    driven,
    outcomes.filter((o) => o.registered).length,
  );
  ledger.finding('households checked (mission)', driven, outcomes.filter((o) => o.checks).length);
  ledger.finding('households placed (mission)', driven, outcomes.filter((o) => o.placement).length);
  ledger.finding('households failed (mission)', 0, outcomes.filter((o) => o.failure).length);

  const count = async (service: string, sql: string): Promise<number> => {
    const rows = await queryDatabase<{ n: string }>(mesh.databaseUrl(service), sql);
    return Number(rows[0]?.n ?? 0);
  };

  // registration: one dossier per household (a retried POST must not make a second one).
  ledger.finding(
    'dossiers in registration',
    driven,
    await count('registration', 'SELECT count(*) AS n FROM dossiers'),
  );
  ledger.finding(
    'persons in registration',
    persons,
    await count('registration', 'SELECT count(*) AS n FROM persons WHERE active'),
  );
  ledger.finding(
    'persons verified by the national register',
    persons,
    await count(
      'registration',
      "SELECT count(*) AS n FROM persons WHERE active AND verification->>'status' = 'verified'",
    ),
  );
  ledger.finding(
    'dossiers showing their placement',
    driven,
    await count('registration', 'SELECT count(*) AS n FROM dossiers WHERE placement IS NOT NULL'),
  );

  // housing: one current placement per household, everyone housed.
  ledger.finding(
    'current placements in housing',
    driven,
    await count('housing', 'SELECT count(*) AS n FROM placements WHERE "to" IS NULL'),
  );
  ledger.finding(
    'persons placed in housing',
    persons,
    await count(
      'housing',
      'SELECT coalesce(sum(persons), 0) AS n FROM placements WHERE "to" IS NULL',
    ),
  );

  // subsidy: the claim computed for everyone, approved, paid once.
  ledger.finding('claim approved (mission)', 'yes', report.approved === undefined ? 'no' : 'yes');
  ledger.finding(
    'claim status at the end',
    'betaald',
    report.paid?.status ?? report.claimFailure ?? '?',
  );
  ledger.finding('persons in the claim', persons, report.approved?.persons ?? 0);
  const payments = await queryDatabase<{ reference: string; status: string }>(
    mesh.databaseUrl('subsidy'),
    'SELECT payment_reference AS reference, status FROM payments',
  );
  ledger.finding('payments in subsidy', 1, payments.length);
  ledger.finding(
    'payments paid in subsidy',
    1,
    payments.filter((p) => p.status === 'betaald').length,
  );
  ledger.finding(
    'subsidy payment references used twice',
    0,
    payments.length - new Set(payments.map((p) => p.reference)).size,
  );

  // Orafin: the adapter's orders and what the bank's drop received.
  const orders = await queryDatabase<{ reference: string; submitted: string }>(
    mesh.databaseUrl('orafin-adapter'),
    'SELECT reference, submitted_reference AS submitted FROM payment_orders',
  );
  ledger.finding('payment orders in the Orafin adapter', payments.length, orders.length);
  const received = await fetch(`${mesh.simulatorAdminUrl('orafin-sftp')}/admin/received`);
  const files = ((await received.json()) as { files: { outcome: string; references: string[] }[] })
    .files;
  const references = files.flatMap((file) => file.references);
  const seen = new Map<string, number>();
  for (const reference of references) seen.set(reference, (seen.get(reference) ?? 0) + 1);
  ledger.action(
    `Orafin simulator received ${files.length} file(s) with ${references.length} payment order(s)`,
  );
  ledger.finding('payment orders received by Orafin', orders.length, seen.size);
  ledger.finding(
    'payment orders Orafin received more than once',
    0,
    [...seen.values()].filter((times) => times > 1).length,
  );
  const ours = new Set(orders.flatMap((order) => [order.reference, order.submitted]));
  ledger.finding(
    "orders Orafin received that are the adapter's",
    seen.size,
    [...seen.keys()].filter((reference) => ours.has(reference)).length,
  );
}
