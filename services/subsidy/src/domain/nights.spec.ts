import { dateOfDay, dayNumber, parsePeriod, periodHasEnded, type Period } from './calendar';
import { nightsInPeriod } from './nights';

const period = (text: string): Period => parsePeriod(text)!;
const nights = (from: string, to: string | undefined, month: string) =>
  nightsInPeriod(to === undefined ? { from } : { from, to }, period(month)).map(dateOfDay);

describe('the nights rule', () => {
  it('counts the dates from move-in up to, not including, move-out', () => {
    expect(nights('2026-03-10', '2026-03-13', '2026-03')).toEqual([
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
    ]);
  });

  it('counts no night when arriving and leaving on the same day', () => {
    expect(nights('2026-03-10', '2026-03-10', '2026-03')).toEqual([]);
  });

  it('gives the night of the 31st to the month it starts in', () => {
    expect(nights('2026-01-31', '2026-02-01', '2026-01')).toEqual(['2026-01-31']);
    expect(nights('2026-01-31', '2026-02-01', '2026-02')).toEqual([]);
  });

  it('splits a stay across a month boundary without losing or doubling a night', () => {
    const jan = nights('2026-01-20', '2026-02-10', '2026-01');
    const feb = nights('2026-01-20', '2026-02-10', '2026-02');
    expect(jan).toHaveLength(12); // 20..31 January
    expect(feb).toHaveLength(9); // 1..9 February
    expect(jan.length + feb.length).toBe(dayNumber('2026-02-10')! - dayNumber('2026-01-20')!);
    expect(new Set([...jan, ...feb]).size).toBe(21);
  });

  it('counts an open stay up to the end of the month', () => {
    expect(nights('2026-04-25', undefined, '2026-04')).toHaveLength(6); // 25..30 April
  });

  it('counts a whole month for a stay around it: 28 in February, 29 in a leap year', () => {
    expect(nights('2025-12-01', undefined, '2026-02')).toHaveLength(28);
    expect(nights('2027-12-01', '2028-06-01', '2028-02')).toHaveLength(29);
    expect(nights('2027-12-01', '2028-06-01', '2028-02').at(-1)).toBe('2028-02-29');
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(nights('2000-01-01', '2000-04-01', '2000-02')).toHaveLength(29);
  });

  it('counts a month of 31 and of 30 nights', () => {
    expect(nights('2026-01-01', '2026-12-31', '2026-07')).toHaveLength(31);
    expect(nights('2026-01-01', '2026-12-31', '2026-06')).toHaveLength(30);
  });

  it('counts across a year boundary into the right months', () => {
    expect(nights('2026-12-30', '2027-01-02', '2026-12')).toEqual(['2026-12-30', '2026-12-31']);
    expect(nights('2026-12-30', '2027-01-02', '2027-01')).toEqual(['2027-01-01']);
  });

  it('counts nothing for a stay entirely before or after the month', () => {
    expect(nights('2026-02-01', '2026-03-01', '2026-03')).toEqual([]);
    expect(nights('2026-04-01', undefined, '2026-03')).toEqual([]);
  });

  it('ignores daylight-saving changes (last Sunday of March and October)', () => {
    expect(nights('2026-03-28', '2026-03-31', '2026-03')).toHaveLength(3);
    expect(nights('2026-10-24', '2026-10-27', '2026-10')).toHaveLength(3);
  });
});

describe('calendar', () => {
  it('refuses dates that do not exist', () => {
    expect(dayNumber('2026-02-29')).toBeUndefined();
    expect(dayNumber('2028-02-29')).toBeDefined();
    expect(dayNumber('2026-13-01')).toBeUndefined();
    expect(dayNumber('2026-1-01')).toBeUndefined();
  });

  it('parses periods of this century only', () => {
    expect(parsePeriod('2026-02')).toEqual({ year: 2026, month: 2 });
    expect(parsePeriod('2026-00')).toBeUndefined();
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(parsePeriod('1999-12')).toBeUndefined();
  });

  it('knows when a month is over', () => {
    expect(periodHasEnded(period('2026-10'), '2026-10-31')).toBe(false);
    expect(periodHasEnded(period('2026-10'), '2026-11-01')).toBe(true);
  });
});
