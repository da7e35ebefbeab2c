/**
 * Calendar dates (`YYYY-MM-DD`) and claim periods (`YYYY-MM`) as plain values. Nights belong to
 * dates, never to instants: a date is turned into a day number (days since 1970-01-01 in the
 * proleptic Gregorian calendar), so there is no time zone and no daylight-saving hour to get
 * wrong at a month boundary.
 */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The day number of a valid `YYYY-MM-DD`, or undefined (2025-02-29 does not exist). */
export function dayNumber(date: string): number | undefined {
  const match = DATE.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  )
    return undefined;
  return ms / MS_PER_DAY;
}

export function isIsoDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

/** The day number of a date known to be valid (input already checked at the edge). */
export function requireDayNumber(date: string): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return day;
}

export function dateOfDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A claim period: one calendar month. */
export interface Period {
  readonly year: number;
  readonly month: number;
}

export function parsePeriod(text: string): Period | undefined {
  const match = PERIOD.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 2000 || year > 2099 || month < 1 || month > 12) return undefined;
  return { year, month };
}

export function formatPeriod(period: Period): string {
  return `${period.year}-${String(period.month).padStart(2, '0')}`;
}

/** The period's first day and the first day after it, as day numbers: [start, end). */
export function periodDays(period: Period): { readonly start: number; readonly end: number } {
  return {
    start: Date.UTC(period.year, period.month - 1, 1) / MS_PER_DAY,
    end: Date.UTC(period.year, period.month, 1) / MS_PER_DAY,
  };
}

/** Whether the whole period lies before `today` (a month is claimed once it is over). */
export function periodHasEnded(period: Period, today: IsoDate): boolean {
  return periodDays(period).end <= requireDayNumber(today);
}
