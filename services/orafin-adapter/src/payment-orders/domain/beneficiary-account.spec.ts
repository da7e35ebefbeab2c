import { beneficiaryAccount } from './beneficiary-account';

describe('beneficiary account', () => {
  it('accepts a valid IBAN with or without spaces and returns its electronic form', () => {
    expect(beneficiaryAccount('BE71 0961 2345 6769')).toEqual({
      valid: true,
      iban: 'BE71096123456769',
      bic: undefined,
    });
    expect(beneficiaryAccount('be71096123456769', 'GKCCBEBB')).toMatchObject({ valid: true });
  });

  it('rejects a wrong check digit, a wrong national length and a bad BIC', () => {
    expect(beneficiaryAccount('BE72096123456769')).toEqual({
      valid: false,
      reasonCode: 'INVALID_IBAN',
    });
    expect(beneficiaryAccount('BE7109612345676')).toMatchObject({ reasonCode: 'INVALID_IBAN' });
    expect(beneficiaryAccount('BE71096123456769', 'GK1')).toMatchObject({
      reasonCode: 'INVALID_BIC',
    });
  });
});
