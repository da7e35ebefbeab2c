import { checkIdentity, datesAgree } from './identity-check';

const declared = {
  familyNames: ['Shevchenko'],
  givenNames: ['Olena'],
  birthDate: '1985-03-14',
  gender: 'F' as const,
};

describe('checkIdentity', () => {
  it('verifies a person whose declared identity the register confirms', () => {
    expect(
      checkIdentity(declared, {
        familyNames: ['SHEVCHENKO'],
        givenNames: ['Olena', 'Petrivna'],
        birthDate: '1985-03-14',
        gender: 'F',
      }),
    ).toEqual({ status: 'verified' });
  });

  it('matches a Cyrillic register name with its Latin transliteration', () => {
    expect(
      checkIdentity(declared, {
        familyNames: ['Шевченко'],
        givenNames: ['Олена'],
        birthDate: '1985-03-14',
        gender: 'F',
      }).status,
    ).toBe('verified');
  });

  it('names every field that disagrees, and only those', () => {
    expect(
      checkIdentity(declared, {
        familyNames: ['Kovalenko'],
        givenNames: ['Olena'],
        birthDate: '1985-04-14',
        gender: 'M',
      }),
    ).toEqual({ status: 'mismatch', mismatches: ['familyNames', 'birthDate', 'gender'] });
  });

  it('accepts a partial register birth date that agrees with the declared one', () => {
    expect(
      checkIdentity(declared, {
        familyNames: ['Shevchenko'],
        givenNames: ['Olena'],
        birthDate: '1985',
        gender: 'unknown',
      }).status,
    ).toBe('verified');
  });

  it('reports a deceased person as such, whatever the names', () => {
    expect(
      checkIdentity(declared, {
        familyNames: ['X'],
        givenNames: [],
        gender: 'F',
        deceased: true,
      }).status,
    ).toBe('deceased');
  });
});

describe('datesAgree', () => {
  it.each([
    ['2010', '2010-05-01', true],
    ['2010-05', '2010-05-31', true],
    ['2010-05', '2010-06', false],
    ['2010-05-01', '2010-05-02', false],
    ['2011', '2010', false],
    ['not-a-date', '2010', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(datesAgree(a, b)).toBe(expected);
  });
});
