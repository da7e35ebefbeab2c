import { currentEnrolments } from './enrolment';

const today = new Date('2026-11-29T10:00:00Z');
const at = (begin: string, end?: string) => ({
  institutionNumber: '12345',
  begin,
  ...(end === undefined ? {} : { end }),
});

describe('currentEnrolments', () => {
  it.each([
    [at('2026-09-01'), true],
    [at('2026-09-01', '2027-06-30'), true],
    [at('2025-09-01', '2026-06-30'), false],
    [at('2026-12-01'), false],
    [at('2026-11-29', '2026-11-29'), true],
    [at('2026-11'), true],
    [at('2026', '2026'), true],
    [at('2025', '2026-11'), true],
    [at('2025', '2026-10'), false],
  ])('%j running on 2026-11-29: %s', (enrolment, running) => {
    expect(currentEnrolments([enrolment], today)).toHaveLength(running ? 1 : 0);
  });
});
