import { findPerson } from './persons';
import { syntheticGivenName, syntheticInsz, syntheticPerson } from './synthetic-persons';

const TODAY = new Date('2026-11-29T12:00:00Z');

describe('synthetic persons', () => {
  it('builds a number in the mock convention with valid check digits, for both centuries', () => {
    expect(syntheticInsz('1985-05-01', 902)).toMatch(/^856501902\d{2}$/);
    const adult = syntheticPerson(syntheticInsz('1985-05-01', 902), TODAY);
    expect(adult).toMatchObject({
      familyName: 'Proefpersoon',
      givenNames: [syntheticGivenName(902)],
      birthDate: '1985-05-01',
      gender: '2',
    });
    expect(adult?.enrolments).toBeUndefined();
    expect(adult?.address).toBeUndefined();
    const child = syntheticPerson(syntheticInsz('2017-02-04', 901), TODAY);
    expect(child).toMatchObject({ birthDate: '2017-02-04', gender: '1' });
    expect(child?.enrolments).toEqual([
      { instelling: '012345', naam: 'Basisschool De Regenboog', bron: 'LP', begin: '2026-09-01' },
    ]);
  });

  it('answers only for its own numbers: a wrong check, another sequence range or a real month is nobody', () => {
    // 907231950 has check 29 (born 1990) or 58 (born 2090): 30 is neither.
    expect(syntheticInsz('1990-12-31', 950)).toBe('90723195029');
    expect(syntheticPerson('90723195030')).toBeUndefined();
    expect(syntheticPerson(syntheticInsz('1990-12-31', 950))).toBeDefined();
    expect(syntheticPerson('90723189980')).toBeUndefined(); // valid, but sequence 899
    expect(syntheticPerson('90123195012')).toBeUndefined();
    expect(() => syntheticInsz('1990-12-31', 899)).toThrow(/sequence/);
  });

  it('is found by the simulator beside the seeded persons, who keep their answers', () => {
    expect(findPerson(syntheticInsz('2012-07-15', 997))?.familyName).toBe('Proefpersoon');
    expect(findPerson('85650100153')?.familyName).toBe('Testpersoon');
    expect(findPerson('90123195012')).toBeUndefined();
  });
});
