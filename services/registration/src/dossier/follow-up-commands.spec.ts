import { followUpCommands, schoolYearSoFar } from './follow-up-commands';

describe('schoolYearSoFar', () => {
  it.each([
    ['2026-11-29T10:00:00Z', { begin: '2026-09-01', end: '2026-11-29' }],
    ['2026-06-30T10:00:00Z', { begin: '2025-09-01', end: '2026-06-30' }],
    // 31 August 23:30 UTC is already 1 September in Brussels: a new school year.
    ['2026-08-31T23:30:00Z', { begin: '2026-09-01', end: '2026-09-01' }],
  ])('on %s', (instant, expected) => {
    expect(schoolYearSoFar(new Date(instant))).toEqual(expected);
  });
});

describe('followUpCommands', () => {
  const today = new Date('2026-11-29T10:00:00Z');
  const base = {
    familyNames: ['Koval'],
    givenNames: ['Iryna'],
    gender: 'F' as const,
    phones: [],
    emails: [],
    languages: [],
  };
  const address = { street: 'Markt', houseNumber: '1', postcode: '3000' };

  it('registers then looks up a person with an INSZ, in that order', () => {
    const types = followUpCommands(
      'p1',
      { ...base, birthDate: '1980-01-01', insz: '80010100153', needs: {} },
      address,
      today,
    ).map((c) => c.type);
    expect(types).toEqual(['rijksregister.person.register.v1', 'rijksregister.person.lookup.v1']);
  });

  it('asks the education register about a school-age child with an INSZ', () => {
    const types = followUpCommands(
      'p2',
      { ...base, birthDate: '2016-05-01', insz: '16050100192', needs: {} },
      address,
      today,
    ).map((c) => c.type);
    expect(types).toContain('magda.onderwijs.enrolment-history.lookup.v1');
  });

  it('searches Dutch courses near the reception address for an adult who wants them, and not without an address', () => {
    const person = {
      ...base,
      birthDate: '1980-01-01',
      needs: { dutchLessons: { wanted: true, level: '1.1' } },
    };
    expect(followUpCommands('p3', person, address, today)).toEqual([
      {
        type: 'davinci.course-offers.search.v1',
        data: {
          subjectRef: 'p3',
          requester: 'registration',
          postcode: '3000',
          level: '1.1',
          maxResults: 10,
        },
      },
    ]);
    expect(followUpCommands('p3', person, undefined, today)).toEqual([]);
  });
});
