import type { Needs } from '../dossier/dossier.model';

/**
 * The referral needs a person counts for in reports: `education` (a minor with an education
 * question), `dutch-lessons` (an adult who wants them), and one `welfare:<code>` per welfare
 * referral question.
 */
export function referralNeedsOf(needs: Needs): string[] {
  const codes: string[] = [];
  if (needs.education !== undefined) codes.push('education');
  if (needs.dutchLessons?.wanted === true) codes.push('dutch-lessons');
  for (const welfare of needs.welfare ?? []) codes.push(`welfare:${welfare}`);
  return codes;
}

export const REPORT_DIMENSIONS = [
  'ageBand',
  'gender',
  'postcode',
  'municipality',
  'eerstelijnszone',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
