import {
  ageBandOn,
  ageRange,
  arePartialDatesCompatible,
  belgianCalendarDay,
  formatPartialDate,
  fromRegisterDate,
  isAfter,
  isInFuture,
  isMinorOn,
  isSchoolAgeOn,
  parsePartialDate,
} from './partial-date';

/** Noon in Brussels on a given day, so the Belgian calendar day is unambiguous. */
const on = (day: string): Date => new Date(`${day}T12:00:00+01:00`);

describe('parsePartialDate', () => {
  it.each([
    ['1980', { year: 1980 }],
    ['1980-05', { year: 1980, month: 5 }],
    ['1980-05-03', { year: 1980, month: 5, day: 3 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['0001-01-01', { year: 1, month: 1, day: 1 }],
  ])('reads %s', (input, parts) => {
    expect(parsePartialDate(input)).toEqual(parts);
  });

  it.each([
    '0000',
    '0000-01-01',
    '1980-00',
    '1980-13',
    '1980-05-00',
    '1980-05-32',
    '1980-04-31',
    '1900-02-29',
    '2023-02-29',
    '1980-5-3',
    '80-05-03',
    '1980-05-03T00:00',
    ' 1980',
    '',
    '19800',
  ])('rejects %j', (input) => {
    expect(parsePartialDate(input)).toBeUndefined();
  });

  it('formats parts back to the same text', () => {
    for (const s of ['0999', '1980', '1980-05', '1980-05-03']) {
      expect(formatPartialDate(parsePartialDate(s)!)).toBe(s);
    }
  });
});

describe('fromRegisterDate', () => {
  it.each([
    ['1980-00-00', '1980'],
    ['1980-05-00', '1980-05'],
    ['1980-00-12', '1980'],
    ['1980-05-03', '1980-05-03'],
    ['2000-00-00', '2000'],
    ['1980', '1980'],
    ['1980-05', '1980-05'],
  ])('%s → %s', (input, expected) => {
    expect(fromRegisterDate(input)).toBe(expected);
  });

  it.each(['0000-00-00', '1980-13-00', '1980-02-30', '2023-02-29', 'x', '1980-05-3'])(
    'rejects %j',
    (input) => {
      expect(fromRegisterDate(input)).toBeUndefined();
    },
  );
});

describe('belgianCalendarDay', () => {
  it('takes the day in Brussels, not in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Brussels (UTC+1 in winter).
    expect(belgianCalendarDay(new Date('2025-12-31T23:30:00Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 1,
    });
    // 22:30 UTC in summer is 00:30 the next day (UTC+2).
    expect(belgianCalendarDay(new Date('2026-06-30T22:30:00Z'))).toEqual({
      year: 2026,
      month: 7,
      day: 1,
    });
  });
});

describe('isInFuture / isAfter', () => {
  const today = on('2026-11-29');

  it('a partial date is in the future only if its earliest day is after today', () => {
    expect(isInFuture('2026-11-30', today)).toBe(true);
    expect(isInFuture('2026-11-29', today)).toBe(false);
    expect(isInFuture('2026-11', today)).toBe(false);
    expect(isInFuture('2026-12', today)).toBe(true);
    expect(isInFuture('2026', today)).toBe(false);
    expect(isInFuture('2027', today)).toBe(true);
  });

  it('isAfter compares the earliest day of one with the latest day of the other', () => {
    expect(isAfter('1980-06', '1980-05-31')).toBe(true);
    expect(isAfter('1980-05', '1980-05-01')).toBe(false);
    expect(isAfter('1981', '1980')).toBe(true);
    expect(isAfter('1980', '1980')).toBe(false);
    expect(isAfter('2026-11-30', today)).toBe(true);
    expect(isAfter('2026-11', today)).toBe(false);
  });

  it('refuses text that is not a partial date, without echoing it', () => {
    expect(() => isInFuture('1980-13', today)).toThrow(/^Not a partial date/);
    expect(() => isInFuture('1980-13', today)).not.toThrow(/1980/);
  });
});

describe('arePartialDatesCompatible', () => {
  it.each([
    ['1980', '1980-05-03', true],
    ['1980-05', '1980-05-03', true],
    ['1980-05-03', '1980-05-03', true],
    ['1980', '1981', false],
    ['1980-05', '1980-06-01', false],
    ['1980-05-03', '1980-05-04', false],
    ['1980-05', '1980', true],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(arePartialDatesCompatible(a, b)).toBe(expected);
    expect(arePartialDatesCompatible(b, a)).toBe(expected);
  });
});

describe('ageRange', () => {
  it('a full date gives one age, changing on the birthday', () => {
    expect(ageRange('2008-11-29', on('2026-11-28'))).toEqual({ min: 17, max: 17 });
    expect(ageRange('2008-11-29', on('2026-11-29'))).toEqual({ min: 18, max: 18 });
  });

  it('a year alone spans one year of ages, a month narrows it', () => {
    expect(ageRange('1980', on('2026-06-15'))).toEqual({ min: 45, max: 46 });
    expect(ageRange('1980-03', on('2026-06-15'))).toEqual({ min: 46, max: 46 });
    expect(ageRange('1980-06', on('2026-06-15'))).toEqual({ min: 45, max: 46 });
    expect(ageRange('1980', on('2026-12-31'))).toEqual({ min: 46, max: 46 });
    expect(ageRange('1980', on('2026-01-01'))).toEqual({ min: 45, max: 46 });
  });

  it('29 February birthdays are reached on 1 March in common years', () => {
    expect(ageRange('2008-02-29', on('2026-02-28'))).toEqual({ min: 17, max: 17 });
    expect(ageRange('2008-02-29', on('2026-03-01'))).toEqual({ min: 18, max: 18 });
    expect(ageRange('2008-02-29', on('2028-02-29'))).toEqual({ min: 20, max: 20 });
  });

  it('reads a birth date partly after today as the part up to today', () => {
    expect(ageRange('2026', on('2026-03-01'))).toEqual({ min: 0, max: 0 });
    expect(ageRange('2026-12', on('2026-11-29'))).toBeUndefined();
    expect(ageRange('2027', on('2026-11-29'))).toBeUndefined();
  });

  it('uses the Belgian day: 18 at midnight in Brussels', () => {
    // 23:30 UTC on 28 November 2026 is 00:30 on 29 November in Brussels.
    expect(ageRange('2008-11-29', new Date('2026-11-28T23:30:00Z'))).toEqual({ min: 18, max: 18 });
    expect(ageRange('2008-11-29', new Date('2026-11-28T22:30:00Z'))).toEqual({ min: 17, max: 17 });
  });
});

describe('isMinorOn', () => {
  it('is true or false when every possible birth day agrees', () => {
    expect(isMinorOn('2010-03-03', on('2026-11-29'))).toBe(true);
    expect(isMinorOn('1974-04-06', on('2026-11-29'))).toBe(false);
    expect(isMinorOn('2008-11-29', on('2026-11-28'))).toBe(true);
    expect(isMinorOn('2008-11-29', on('2026-11-29'))).toBe(false);
    expect(isMinorOn('2008', on('2026-12-31'))).toBe(false);
    expect(isMinorOn('2009', on('2026-06-01'))).toBe(true);
  });

  it('is undefined when the range straddles 18', () => {
    expect(isMinorOn('2008', on('2026-06-01'))).toBeUndefined();
    expect(isMinorOn('2008-06', on('2026-06-15'))).toBeUndefined();
  });

  it('is undefined for someone not yet born', () => {
    expect(isMinorOn('2027', on('2026-06-01'))).toBeUndefined();
  });
});

describe('ageBandOn', () => {
  const day = on('2026-11-29');
  it.each([
    ['2026-11-29', '0-2'],
    ['2023-11-30', '0-2'],
    ['2023-11-29', '3-5'],
    ['2020-11-30', '3-5'],
    ['2020-11-29', '6-11'],
    ['2014-11-30', '6-11'],
    ['2014-11-29', '12-17'],
    ['2008-11-30', '12-17'],
    ['2008-11-29', '18-24'],
    ['2001-11-30', '18-24'],
    ['2001-11-29', '25-44'],
    ['1981-11-30', '25-44'],
    ['1981-11-29', '45-64'],
    ['1961-11-30', '45-64'],
    ['1961-11-29', '65+'],
    ['1920-01-01', '65+'],
    ['1990', '25-44'],
    ['2012-05', '12-17'],
  ])('born %s → %s', (birth, band) => {
    expect(ageBandOn(birth, day)).toBe(band);
  });

  it.each(['2008', '2014', '2001-11', '1961'])(
    'born %s → unknown (the year straddles a band boundary)',
    (birth) => {
      expect(ageBandOn(birth, day)).toBe('unknown');
    },
  );

  it('is unknown for someone not yet born', () => {
    expect(ageBandOn('2027', day)).toBe('unknown');
  });
});

describe('isSchoolAgeOn (leerplicht: 1 September of the year turning 5 until 18)', () => {
  it('starts on 1 September of the calendar year the child turns 5, whatever the birthday', () => {
    expect(isSchoolAgeOn('2021-12-31', on('2026-08-31'))).toBe(false);
    expect(isSchoolAgeOn('2021-12-31', on('2026-09-01'))).toBe(true); // still 4
    expect(isSchoolAgeOn('2021-01-01', on('2026-08-31'))).toBe(false); // already 5
    expect(isSchoolAgeOn('2021-01-01', on('2026-09-01'))).toBe(true);
    expect(isSchoolAgeOn('2021', on('2026-09-01'))).toBe(true);
    expect(isSchoolAgeOn('2021', on('2026-08-31'))).toBe(false);
  });

  it('ends at the 18th birthday when that comes before 30 June', () => {
    expect(isSchoolAgeOn('2008-03-10', on('2026-03-09'))).toBe(true);
    expect(isSchoolAgeOn('2008-03-10', on('2026-03-10'))).toBe(false);
  });

  it('ends after 30 June of the year turning 18 when the birthday comes later', () => {
    expect(isSchoolAgeOn('2008-10-10', on('2026-06-30'))).toBe(true);
    expect(isSchoolAgeOn('2008-10-10', on('2026-07-01'))).toBe(false);
    expect(isSchoolAgeOn('2008-10-10', on('2026-10-09'))).toBe(false);
  });

  it('is undefined when the possible birth days disagree', () => {
    expect(isSchoolAgeOn('2008', on('2026-03-01'))).toBeUndefined();
    expect(isSchoolAgeOn('2008', on('2026-07-01'))).toBe(false);
    expect(isSchoolAgeOn('2008-09', on('2026-03-01'))).toBe(true);
  });

  it('is false for toddlers, adults and people not yet born', () => {
    expect(isSchoolAgeOn('2024-05-05', on('2026-11-29'))).toBe(false);
    expect(isSchoolAgeOn('1980', on('2026-11-29'))).toBe(false);
    expect(isSchoolAgeOn('2027', on('2026-11-29'))).toBe(false);
  });
});
