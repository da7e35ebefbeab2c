import { euros, storyLine } from './story';

describe('storyLine', () => {
  it('tells a household, its checks and its placement by ids and counts', () => {
    expect(
      storyLine({
        kind: 'registered',
        household: {
          index: 0,
          dossierId: 'd-1',
          personIds: ['p1', 'p2', 'p3'],
          adults: 2,
          minors: 1,
        },
      }),
    ).toBe('household #1: 2 adults, 1 minor → dossier d-1');
    expect(
      storyLine({
        kind: 'checked',
        checks: {
          dossierId: 'd-1',
          verification: { verified: 3 },
          minorsChecked: 1,
          minorsEnrolled: 1,
          schools: ['012345'],
          adultsWithCourseOffers: 2,
          courseOffers: 6,
          courseInstitutions: ['CVO Gent'],
        },
      }),
    ).toBe(
      'dossier d-1: identities 3 verified by the national register; school enrolment of 1 minor looked up: 1 enrolled (school 012345); Dutch courses found: 6 for 2 adults (CVO Gent)',
    );
  });

  it('tells the claim with its amount in euros and who approved it', () => {
    const claim = {
      claimId: 'c-1',
      version: 1,
      period: '2026-11',
      nisCode: '44021',
      status: 'goedgekeurd',
      nights: 6,
      persons: 3,
      includedLines: 3,
      excludedLines: 0,
      amountCents: 7_500,
      submittedBy: 'coord',
      approvedBy: 'validator',
    };
    expect(storyLine({ kind: 'claim-approved', claim })).toBe(
      'claim c-1 v1 for 2026-11: 3 persons, 6 nights, € 75,00; submitted by coord, approved by validator (four eyes)',
    );
    expect(
      storyLine({ kind: 'claim-paid', claim: { ...claim, paymentReference: '+++1/2/3+++' } }),
    ).toBe('claim c-1 v1 paid: € 75,00, Orafin reference +++1/2/3+++');
    expect(euros(123_456_789)).toBe('€ 1.234.567,89');
  });
});
