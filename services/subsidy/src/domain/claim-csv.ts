import type { ClaimLine } from './claim-calculation';
import { formatEuro } from './money';

/** The accounting export's columns, stable (a spreadsheet or Power BI keys on them). */
export const CLAIM_CSV_COLUMNS = [
  'line',
  'stay_id',
  'person_id',
  'dossier_id',
  'place_id',
  'place_type',
  'stay_from',
  'stay_to',
  'nights',
  'tariff_segments',
  'amount_cents',
  'amount_eur',
  'included',
  'exclusion_reason',
  'verification_status',
  'verification_referte',
  'verification_at',
] as const;

/**
 * A claim's lines as RFC 4180 CSV for accounting: one row per line (opaque ids, codes, dates
 * and amounts, never a name or number of a person), then a total row. Tariff segments read
 * `from..to:nights×cents` so each amount can be recomputed by hand.
 */
export function claimLinesCsv(
  lines: readonly ClaimLine[],
  totals: { readonly nights: number; readonly amountCents: number },
): string {
  const rows: string[][] = [[...CLAIM_CSV_COLUMNS]];
  lines.forEach((line, index) => {
    rows.push([
      String(index + 1),
      line.stayId,
      line.personId,
      line.dossierId,
      line.placeId,
      line.placeType,
      line.stayFrom,
      line.stayTo ?? '',
      String(line.nights),
      line.segments.map((s) => `${s.from}..${s.to}:${s.nights}x${s.dailyCents}`).join(' '),
      String(line.amountCents),
      formatEuro(line.amountCents),
      line.included ? 'true' : 'false',
      line.exclusionReason ?? '',
      line.verification?.status ?? '',
      line.verification?.referte ?? '',
      line.verification?.at ?? '',
    ]);
  });
  const total = CLAIM_CSV_COLUMNS.map(() => '');
  total[0] = 'total';
  total[8] = String(totals.nights);
  total[10] = String(totals.amountCents);
  total[11] = formatEuro(totals.amountCents);
  rows.push(total);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * One CSV field, quoted when needed. A field starting with = + - @ is prefixed with a quote
 * so a spreadsheet does not run it as a formula (CSV injection); none of ours should, but the
 * MAGDA Referte comes from outside.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
