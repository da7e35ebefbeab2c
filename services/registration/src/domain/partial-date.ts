/**
 * Dates that may be partial, as the national register keeps them: `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`. Refugees often do not know their exact birth date; the register then records the
 * year (and maybe the month) only, and every rule that depends on age must say "unknown" rather
 * than guess. Rules and sources: docs/registration-rules.md.
 */
export type PartialDate = string;

export interface PartialDateParts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

/** A whole calendar day. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export type AgeBand = '0-2' | '3-5' | '6-11' | '12-17' | '18-24' | '25-44' | '45-64' | '65+';

export const AGE_BANDS: readonly AgeBand[] = [
  '0-2',
  '3-5',
  '6-11',
  '12-17',
  '18-24',
  '25-44',
  '45-64',
  '65+',
];

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const REGISTER_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The parts of a well-formed partial date on the real calendar (leap years included), else undefined. */
export function parsePartialDate(s: string): PartialDateParts | undefined {
  const match = PARTIAL_DATE.exec(s);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1) return undefined;
  if (match[2] === undefined) return { year };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  if (match[3] === undefined) return { year, month };
  const day = Number(match[3]);
  return isRealDay(year, month, day) ? { year, month, day } : undefined;
}

export function isPartialDate(s: string): boolean {
  return parsePartialDate(s) !== undefined;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function formatPartialDate(parts: PartialDateParts): PartialDate {
  const year = pad(parts.year, 4);
  if (parts.month === undefined) return year;
  const month = `${year}-${pad(parts.month, 2)}`;
  return parts.day === undefined ? month : `${month}-${pad(parts.day, 2)}`;
}

/**
 * A MAGDA / national-register date, where unknown parts are zeros (`1980-00-00`, `1980-05-00`),
 * as a partial date. A known day in an unknown month (`1980-00-12`) keeps the year only: a day
 * without its month says nothing a partial date can hold. Undefined when not a date at all.
 */
export function fromRegisterDate(s: string): PartialDate | undefined {
  const match = REGISTER_DATE.exec(s);
  if (!match) return isPartialDate(s) ? s : undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month > 12) return undefined;
  if (month === 0) return formatPartialDate({ year });
  if (day === 0) return formatPartialDate({ year, month });
  return isRealDay(year, month, day) ? formatPartialDate({ year, month, day }) : undefined;
}

/** The first day the partial date can stand for. */
export function earliestDay(parts: PartialDateParts): CalendarDay {
  return { year: parts.year, month: parts.month ?? 1, day: parts.day ?? 1 };
}

/** The last day the partial date can stand for. */
export function latestDay(parts: PartialDateParts): CalendarDay {
  const month = parts.month ?? 12;
  return { year: parts.year, month, day: parts.day ?? daysInMonth(parts.year, month) };
}

export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const BRUSSELS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar day an instant falls on in Belgium. Ages and school age change at midnight
 * Belgian time, not UTC: a child turns 18 at 00:00 in Brussels, which is 22:00 or 23:00 UTC the
 * day before.
 */
export function belgianCalendarDay(instant: Date): CalendarDay {
  const parts = BRUSSELS_DAY.formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function parseOrThrow(pd: PartialDate): PartialDateParts {
  const parts = parsePartialDate(pd);
  // The value is a date, possibly a birth date: it stays out of the message.
  if (!parts) throw new RangeError('Not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)');
  return parts;
}

/**
 * True only when every day `a` can stand for lies after every day `b` can stand for; a `Date`
 * stands for its Belgian calendar day.
 */
export function isAfter(a: PartialDate, b: PartialDate | Date): boolean {
  const last = b instanceof Date ? belgianCalendarDay(b) : latestDay(parseOrThrow(b));
  return compareDays(earliestDay(parseOrThrow(a)), last) > 0;
}

/** A partial date is in the future only if its earliest possible day is after today (in Belgium). */
export function isInFuture(pd: PartialDate, today: Date): boolean {
  return compareDays(earliestDay(parseOrThrow(pd)), belgianCalendarDay(today)) > 0;
}

/**
 * Two partial dates can stand for the same day when the parts both know agree:
 * `1980` is compatible with `1980-05-03`, `1980-05` is not compatible with `1980-06-01`.
 */
export function arePartialDatesCompatible(a: PartialDate, b: PartialDate): boolean {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  if (x.year !== y.year) return false;
  if (x.month === undefined || y.month === undefined) return true;
  if (x.month !== y.month) return false;
  return x.day === undefined || y.day === undefined || x.day === y.day;
}

/**
 * Completed years from birth to `on`. A birthday on 29 February counts as reached on 1 March in
 * common years (the day after 28 February), the usual reading of Belgian civil law.
 */
function completedYears(birth: CalendarDay, on: CalendarDay): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

export interface AgeRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The youngest and oldest age (completed years) the person can have on `on`, given a birth date
 * that may be partial. The person exists, so a birth date partly after `on` is read as the part up
 * to `on`; undefined when the whole birth date lies after `on`.
 */
export function ageRange(pd: PartialDate, on: Date): AgeRange | undefined {
  const parts = parseOrThrow(pd);
  const today = belgianCalendarDay(on);
  const earliest = earliestDay(parts);
  if (compareDays(earliest, today) > 0) return undefined;
  const latestCandidate = latestDay(parts);
  const latest = compareDays(latestCandidate, today) > 0 ? today : latestCandidate;
  return { min: completedYears(latest, today), max: completedYears(earliest, today) };
}

/** True or false when every possible birth day agrees; undefined when the range straddles 18. */
export function isMinorOn(pd: PartialDate, on: Date): boolean | undefined {
  const range = ageRange(pd, on);
  if (!range) return undefined;
  if (range.max < 18) return true;
  if (range.min >= 18) return false;
  return undefined;
}

export function ageBandOfAge(age: number): AgeBand {
  if (age < 3) return '0-2';
  if (age < 6) return '3-5';
  if (age < 12) return '6-11';
  if (age < 18) return '12-17';
  if (age < 25) return '18-24';
  if (age < 45) return '25-44';
  if (age < 65) return '45-64';
  return '65+';
}

/** The age band on `on`, or 'unknown' when the possible ages fall in more than one band. */
export function ageBandOn(pd: PartialDate, on: Date): AgeBand | 'unknown' {
  const range = ageRange(pd, on);
  if (!range) return 'unknown';
  const band = ageBandOfAge(range.min);
  return ageBandOfAge(range.max) === band ? band : 'unknown';
}

/**
 * Whether a child born on `birth` is of compulsory school age (leerplichtig) on `day`: from
 * 1 September of the calendar year the child turns 5, until the earlier of the 18th birthday and
 * 30 June of the calendar year the young person turns 18 (Leerplichtwet of 29 June 1983, art. 1,
 * as amended by the law of 23 March 2019 that lowered the start from 6 to 5 from 1 September 2020).
 */
function isSchoolAgeFor(birth: CalendarDay, day: CalendarDay): boolean {
  const start: CalendarDay = { year: birth.year + 5, month: 9, day: 1 };
  const endOfSchoolYear: CalendarDay = { year: birth.year + 18, month: 7, day: 1 };
  if (compareDays(day, start) < 0) return false;
  if (compareDays(day, endOfSchoolYear) >= 0) return false;
  return completedYears(birth, day) < 18;
}

/**
 * Compulsory school age on `on` (see isSchoolAgeFor); undefined when the possible birth days
 * disagree. The school-age birth days for one day form one interval, wider than any partial
 * date, so checking the earliest and latest possible birth day is enough.
 */
export function isSchoolAgeOn(pd: PartialDate, on: Date): boolean | undefined {
  const parts = parseOrThrow(pd);
  const today = belgianCalendarDay(on);
  const earliest = earliestDay(parts);
  if (compareDays(earliest, today) > 0) return false;
  const latestCandidate = latestDay(parts);
  const latest = compareDays(latestCandidate, today) > 0 ? today : latestCandidate;
  const first = isSchoolAgeFor(earliest, today);
  return first === isSchoolAgeFor(latest, today) ? first : undefined;
}
