import { loadRegistrationSettings } from '../registration.config';
import type { PersonRequest } from './dossier-request.schema';
import { validatePerson } from './person-validation';

// A made-up number in the MAGDA mock's convention (month 05 + 60), with valid check digits:
// born 1 May 1985, an even sequence number (a woman).
const TEST_NUMBER = '85650100274';

function person(insz: string): PersonRequest {
  return {
    familyNames: ['Testpersoon'],
    givenNames: ['Olena'],
    birthDate: '1985-05-01',
    gender: 'F',
    insz,
    phones: [],
    emails: [],
    languages: [],
    needs: {},
  };
}

describe('MAGDA test numbers (ACCEPT_MAGDA_TEST_NUMBERS)', () => {
  const today = new Date('2026-11-29T10:00:00Z');

  it('are refused as INSZ by default, so no made-up number enters a real dossier', () => {
    const result = validatePerson(person(TEST_NUMBER), '', today);
    expect(result.errors.map((error) => error.field)).toEqual(['/insz']);
  });

  it('are accepted, with the birth date and gender they encode, where the setting allows them', () => {
    const result = validatePerson(person(TEST_NUMBER), '', today, { acceptMagdaTestNumbers: true });
    expect(result.errors).toEqual([]);
    expect(result.person?.data.insz).toBe(TEST_NUMBER);
    expect(result.person?.flags).toEqual([]);
  });

  it('is off by default and refused in production', () => {
    expect(loadRegistrationSettings({}).acceptMagdaTestNumbers).toBe(false);
    expect(
      loadRegistrationSettings({ ACCEPT_MAGDA_TEST_NUMBERS: 'true' }).acceptMagdaTestNumbers,
    ).toBe(true);
    expect(() =>
      loadRegistrationSettings({ ACCEPT_MAGDA_TEST_NUMBERS: 'true', NODE_ENV: 'production' }),
    ).toThrow(/ACCEPT_MAGDA_TEST_NUMBERS/);
  });
});
