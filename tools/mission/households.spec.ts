import { syntheticPerson } from '../../simulators/magda/src/synthetic-persons';
import { dossierRequest, householdSpec, MUNICIPALITIES } from './households';

describe('householdSpec', () => {
  it('mixes adults and minors, each a person the register knows exactly as declared', () => {
    const today = new Date('2026-11-29T12:00:00Z');
    for (let index = 0; index < 12; index++) {
      const household = householdSpec(index, 1234);
      expect(household.adults).toBeGreaterThanOrEqual(1);
      for (const member of household.members) {
        const known = syntheticPerson(member.insz, today);
        expect(known).toBeDefined();
        expect(known?.birthDate).toBe(member.birthDate);
        expect(known?.givenNames).toEqual(member.givenNames);
        expect(known?.gender).toBe(member.gender === 'M' ? '1' : '2');
        expect(known?.enrolments !== undefined).toBe(member.role === 'minor');
      }
    }
  });

  it('never gives one INSZ twice within a run of a thousand households', () => {
    const numbers = Array.from({ length: 1_000 }, (_, i) => householdSpec(i, 77)).flatMap((h) =>
      h.members.map((m) => m.insz),
    );
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('asks Dutch lessons for adults and school for minors, received in the municipality', () => {
    const body = dossierRequest(householdSpec(0), MUNICIPALITIES[1]!) as {
      receptionAddress: { postcode: string };
      members: { needs: Record<string, unknown> }[];
    };
    expect(body.receptionAddress.postcode).toBe('3000');
    expect(body.members.map((m) => Object.keys(m.needs))).toEqual([
      ['dutchLessons'],
      ['dutchLessons'],
      ['education'],
    ]);
  });
});
