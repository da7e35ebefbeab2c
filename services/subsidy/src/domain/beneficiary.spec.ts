import { normaliseBeneficiary } from './beneficiary';

describe('beneficiary', () => {
  it('accepts a valid Belgian IBAN in any spacing and stores it electronically', () => {
    const result = normaliseBeneficiary({ name: ' Stad  Leuven ', iban: 'be68 5390 0754 7034' });
    expect(result).toEqual({
      ok: true,
      beneficiary: { name: 'Stad Leuven', iban: 'BE68539007547034' },
    });
  });

  it('refuses a mistyped IBAN, a bad BIC and an empty or too long name', () => {
    expect(normaliseBeneficiary({ name: 'Stad Leuven', iban: 'BE68539007547035' })).toEqual({
      ok: false,
      problems: ['IBAN.INVALID'],
    });
    expect(normaliseBeneficiary({ name: '', iban: 'BE68539007547034', bic: 'NOT A BIC' })).toEqual({
      ok: false,
      problems: ['BIC.INVALID', 'NAME.INVALID'],
    });
    expect(normaliseBeneficiary({ name: 'x'.repeat(71), iban: 'BE68539007547034' })).toMatchObject({
      ok: false,
    });
  });

  it('accepts a BIC and normalises it', () => {
    expect(
      normaliseBeneficiary({ name: 'OCMW Leuven', iban: 'BE68539007547034', bic: 'gkccbebb' }),
    ).toMatchObject({ ok: true, beneficiary: { bic: 'GKCCBEBB' } });
  });
});
