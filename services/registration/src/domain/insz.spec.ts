import { compareWithDeclared, formatInsz, inszCheck, normaliseInsz, parseInsz } from './insz';

// Every number below is made up; the checks were computed by hand (97 − n mod 97) and with a
// second, independent implementation, never with this file's code.

describe('normaliseInsz', () => {
  it.each([
    ['85073003328', '85073003328'],
    ['85.07.30-033.28', '85073003328'],
    ['850730 033 28', '85073003328'],
    [' 85 07 30 - 033 28 ', '85073003328'],
    ['85–07–30–033–28', '85073003328'],
  ])('%j → %s', (input, digits) => {
    expect(normaliseInsz(input)).toBe(digits);
  });

  it.each(['', '8507300332', '850730033280', '85/07/30-033.28', '8507300332O', '85073003328x'])(
    'rejects %j',
    (input) => {
      expect(normaliseInsz(input)).toBeUndefined();
    },
  );
});

describe('inszCheck', () => {
  it('is 97 − (base mod 97), with "2" in front for births from 2000', () => {
    expect(inszCheck('850730033', false)).toBe(28);
    expect(inszCheck('010203123', true)).toBe(45);
    // A base that is a multiple of 97 gets 97, never 00.
    expect(inszCheck('000000097', false)).toBe(97);
  });
});

describe('parseInsz: national numbers', () => {
  it('reads a number of someone born before 2000', () => {
    expect(parseInsz('85.07.30-033.28')).toEqual({
      ok: true,
      value: {
        insz: '85073003328',
        kind: 'rijksregisternummer',
        genderKnown: true,
        birthDate: '1985-07-30',
        gender: 'M',
        testNumber: false,
      },
    });
  });

  it('reads a number of someone born from 2000 (check over "2" + base)', () => {
    expect(parseInsz('01020312345')).toEqual({
      ok: true,
      value: {
        insz: '01020312345',
        kind: 'rijksregisternummer',
        genderKnown: true,
        birthDate: '2001-02-03',
        gender: 'M',
        testNumber: false,
      },
    });
  });

  it('an even sequence number is a woman, an odd one a man', () => {
    expect(parseInsz('15010100228')).toMatchObject({
      ok: true,
      value: { birthDate: '2015-01-01', gender: 'F' },
    });
    expect(parseInsz('90010100123')).toMatchObject({
      ok: true,
      value: { birthDate: '1990-01-01', gender: 'M' },
    });
  });

  it('month and day 00 give a partial birth date', () => {
    expect(parseInsz('80000000130')).toMatchObject({ ok: true, value: { birthDate: '1980' } });
    expect(parseInsz('80050000264')).toMatchObject({
      ok: true,
      value: { birthDate: '1980-05', gender: 'F' },
    });
    // A day without its month keeps the year only.
    expect(parseInsz('80001200554')).toMatchObject({ ok: true, value: { birthDate: '1980' } });
  });

  it('the check decides the century, and with it whether 29 February existed', () => {
    expect(parseInsz('00022900145')).toMatchObject({
      ok: true,
      value: { birthDate: '2000-02-29' },
    });
    // Same nine digits with the pre-2000 check: 29 February 1900 never existed.
    expect(parseInsz('00022900116')).toEqual({ ok: false, reason: 'date' });
    expect(parseInsz('24022999738')).toMatchObject({
      ok: true,
      value: { birthDate: '2024-02-29' },
    });
    expect(parseInsz('23022999717')).toEqual({ ok: false, reason: 'date' });
    expect(parseInsz('17022899817')).toMatchObject({
      ok: true,
      value: { birthDate: '2017-02-28', gender: 'F' },
    });
  });
});

describe('parseInsz: BIS numbers', () => {
  it('month + 40: gender known when the number was given', () => {
    expect(parseInsz('80452512355')).toEqual({
      ok: true,
      value: {
        insz: '80452512355',
        kind: 'bis',
        genderKnown: true,
        birthDate: '1980-05-25',
        gender: 'M',
        testNumber: false,
      },
    });
  });

  it('month + 20: gender unknown, so the sequence number says nothing about it', () => {
    expect(parseInsz('80252512411')).toEqual({
      ok: true,
      value: {
        insz: '80252512411',
        kind: 'bis',
        genderKnown: false,
        birthDate: '1980-05-25',
        testNumber: false,
      },
    });
  });

  it('a BIS month of 20 is an unknown month', () => {
    expect(parseInsz('80250000309')).toMatchObject({
      ok: true,
      value: { kind: 'bis', genderKnown: false, birthDate: '1980-05' },
    });
  });
});

describe('parseInsz: invalid numbers', () => {
  it.each([
    ['', 'format'],
    ['8507300332', 'format'],
    ['ABCDEFGHIJK', 'format'],
    ['85073003329', 'checksum'],
    ['85073003300', 'checksum'],
    ['85073003398', 'checksum'],
    ['01020312346', 'checksum'],
    ['80023100184', 'date'], // 31 February
    ['80130100191', 'date'], // month 13
    ['80330100137', 'date'], // BIS month 33 (13 + 20)
    ['80602512363', 'date'], // month 60: only the MAGDA mock's test numbers
  ] as const)('%j → %s', (input, reason) => {
    expect(parseInsz(input)).toEqual({ ok: false, reason });
  });

  it('never puts the number in what it returns when invalid', () => {
    const result = parseInsz('85073003329');
    expect(JSON.stringify(result)).not.toContain('850730');
  });
});

describe('parseInsz: the MAGDA mock test persons (month + 60)', () => {
  // File names in reference/magda/responses/GeefPersoon-02.02, with the birth date and gender
  // those answers carry where they carry one.
  it.each([
    ['00600099536', '2000', 'M'],
    ['02682599761', '2002-08-25', 'M'],
    ['10630345934', '2010-03-03', 'M'],
    ['13662188822', '2013-06-21', 'F'],
    ['63661643101', '1963-06-16', 'M'],
    ['74612515806', '1974-01-25', 'F'],
  ])('%s is accepted when asked for: born %s, %s', (insz, birthDate, gender) => {
    expect(parseInsz(insz, { acceptMagdaTestNumbers: true })).toEqual({
      ok: true,
      value: {
        insz,
        kind: 'rijksregisternummer',
        genderKnown: true,
        birthDate,
        gender,
        testNumber: true,
      },
    });
  });

  it.each(['00600099536', '02682599761', '63661643101'])(
    '%s is refused by default: month 60 and up is no real number',
    (insz) => {
      expect(parseInsz(insz)).toEqual({ ok: false, reason: 'date' });
    },
  );

  it('a wrong check stays wrong with test numbers accepted', () => {
    expect(parseInsz('00600099537', { acceptMagdaTestNumbers: true })).toEqual({
      ok: false,
      reason: 'checksum',
    });
  });
});

describe('parseInsz with today', () => {
  const today = new Date('2026-11-29T12:00:00+01:00');

  it('refuses a birth date wholly after today', () => {
    // 30 November 2026 is tomorrow; 29 November 2026 is today.
    expect(parseInsz('26113000142', { today })).toEqual({ ok: false, reason: 'date' });
    expect(parseInsz('26113000142')).toMatchObject({
      ok: true,
      value: { birthDate: '2026-11-30' },
    });
    expect(parseInsz('26112900172', { today })).toMatchObject({
      ok: true,
      value: { birthDate: '2026-11-29' },
    });
  });

  it('accepts a partial birth date that may lie before today', () => {
    // Year 2026, month and day unknown: possibly today or earlier.
    expect(parseInsz('26000000189', { today })).toMatchObject({
      ok: true,
      value: { birthDate: '2026' },
    });
  });
});

describe('formatInsz', () => {
  it('prints the eID form', () => {
    expect(formatInsz('85073003328')).toBe('85.07.30-033.28');
    expect(formatInsz('85 07 30 033 28')).toBe('85.07.30-033.28');
  });

  it('refuses what is not 11 digits, without echoing it', () => {
    expect(() => formatInsz('8507300332')).toThrow('Not an INSZ of 11 digits');
  });
});

describe('compareWithDeclared', () => {
  const info = { birthDate: '1980-05-25', gender: 'M' as const };

  it('finds nothing when the declaration agrees, also partially', () => {
    expect(compareWithDeclared(info, { birthDate: '1980-05-25', gender: 'M' })).toEqual([]);
    expect(compareWithDeclared(info, { birthDate: '1980-05' })).toEqual([]);
    expect(compareWithDeclared(info, { birthDate: '1980' })).toEqual([]);
    expect(compareWithDeclared({ birthDate: '1980' }, { birthDate: '1980-12-31' })).toEqual([]);
    expect(compareWithDeclared(info, {})).toEqual([]);
  });

  it('finds a birth date whose known parts disagree', () => {
    expect(compareWithDeclared(info, { birthDate: '1980-05-26' })).toEqual(['birthDate']);
    expect(compareWithDeclared(info, { birthDate: '1981' })).toEqual(['birthDate']);
    expect(compareWithDeclared({ birthDate: '1980-05' }, { birthDate: '1980-06-01' })).toEqual([
      'birthDate',
    ]);
  });

  it('compares gender only when the number encodes it and M or F was declared', () => {
    expect(compareWithDeclared(info, { gender: 'F' })).toEqual(['gender']);
    expect(compareWithDeclared(info, { gender: 'X' })).toEqual([]);
    expect(compareWithDeclared(info, { gender: 'unknown' })).toEqual([]);
    expect(compareWithDeclared({ birthDate: '1980-05-25' }, { gender: 'F' })).toEqual([]);
  });

  it('reports both at once', () => {
    expect(compareWithDeclared(info, { birthDate: '1979', gender: 'F' })).toEqual([
      'birthDate',
      'gender',
    ]);
  });

  it('works on what parseInsz returns', () => {
    const parsed = parseInsz('80252512411');
    if (!parsed.ok) throw new Error('fixture must parse');
    // A BIS number given without gender contradicts no declared gender.
    expect(compareWithDeclared(parsed.value, { birthDate: '1980-05-25', gender: 'F' })).toEqual([]);
  });
});
