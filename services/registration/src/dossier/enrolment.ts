import { parsePartialDate } from '../domain/partial-date';

export interface Enrolment {
  readonly institutionNumber: string;
  readonly institutionName?: string;
  readonly begin: string;
  readonly end?: string;
}

/**
 * Enrolments running today: begun on or before today and not ended before it. Partial dates
 * (a known year or month) count generously: a begin of "2026-09" counts from 1 September, an end
 * of "2027" until 31 December, so a vague record never hides a real enrolment.
 */
export function currentEnrolments<E extends Enrolment>(enrolments: readonly E[], today: Date): E[] {
  const day = today.toISOString().slice(0, 10);
  return enrolments.filter((enrolment) => {
    const begin = bound(enrolment.begin, 'first');
    if (begin === undefined || begin > day) return false;
    if (enrolment.end === undefined) return true;
    const end = bound(enrolment.end, 'last');
    return end === undefined || end >= day;
  });
}

function bound(value: string, which: 'first' | 'last'): string | undefined {
  const date = parsePartialDate(value);
  if (date === undefined) return undefined;
  const month = date.month ?? (which === 'first' ? 1 : 12);
  const lastDay = new Date(Date.UTC(date.year, month, 0)).getUTCDate();
  const day = date.day ?? (which === 'first' ? 1 : lastDay);
  return `${String(date.year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
