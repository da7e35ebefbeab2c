import { type Period, periodDays, requireDayNumber } from './calendar';

/**
 * A stay as housing reports it: `from` is the move-in date (the first night), `to` the move-out
 * date, on which the person no longer sleeps there; absent while the stay is open.
 */
export interface StayDates {
  readonly from: string;
  readonly to?: string;
}

/**
 * THE NIGHTS RULE. A night belongs to the date of its evening: the night from 31 January to
 * 1 February is a January night. A stay counts the nights of the dates d with
 * `from <= d < to` (the move-out date is not a night; arriving and leaving on the same day is
 * no night). A period (calendar month) counts the stay's nights whose date lies in that month,
 * so a stay across a month boundary is split without any night counted twice or lost, and
 * February has 29 nights in a leap year. An open stay counts up to the end of the period.
 * Returns the day numbers of the nights, in order.
 */
export function nightsInPeriod(stay: StayDates, period: Period): number[] {
  const { start, end } = periodDays(period);
  const first = Math.max(requireDayNumber(stay.from), start);
  const stop = Math.min(stay.to === undefined ? end : requireDayNumber(stay.to), end);
  const nights: number[] = [];
  for (let day = first; day < stop; day++) nights.push(day);
  return nights;
}
