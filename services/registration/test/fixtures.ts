import { inszCheck } from '../src/domain/insz';

/**
 * Valid test INSZ numbers built from a birth date and a sequence number (odd = male), so tests
 * say what they mean and never carry a real person's number.
 */
export function testInsz(birth: string, sequence: number, options: { bis?: boolean } = {}): string {
  const [year, month, day] = birth.split('-');
  // A BIS number has the birth month + 20 (gender unknown when assigned) or + 40 (known).
  const encodedMonth = options.bis === true ? String(Number(month) + 20) : month;
  const base = `${year!.slice(2)}${encodedMonth}${day}${String(sequence).padStart(3, '0')}`;
  const check = inszCheck(base, Number(year) >= 2000);
  return `${base}${String(check).padStart(2, '0')}`;
}

/** A date `years` years before today (UTC), as YYYY-MM-DD. */
export function yearsAgo(years: number, days = 0): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

export function adult(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const birthDate = yearsAgo(35, 10);
  return {
    familyNames: ['Shevchenko'],
    givenNames: ['Olena'],
    birthDate,
    gender: 'F',
    nationality: 'UA',
    insz: testInsz(birthDate, 2),
    phones: ['+380 44 123 4567'],
    emails: ['olena.shevchenko@example.org'],
    languages: ['uk', 'ru'],
    needs: { dutchLessons: { wanted: true, level: '1.1' }, welfare: ['medical-care'] },
    ...overrides,
  };
}

export function minor(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const birthDate = yearsAgo(9, 40);
  return {
    familyNames: ['Shevchenko'],
    givenNames: ['Taras'],
    birthDate,
    gender: 'M',
    nationality: 'UA',
    insz: testInsz(birthDate, 1),
    languages: ['uk'],
    needs: { education: { alreadyEnrolled: false, desiredForm: 'okan' } },
    ...overrides,
  };
}

export function household(members: Record<string, unknown>[]): Record<string, unknown> {
  return {
    receptionAddress: { street: 'Bondgenotenlaan', houseNumber: '12', box: 'B3', postcode: '3000' },
    consent: { referralSharing: true, partnerContact: false },
    members,
  };
}
