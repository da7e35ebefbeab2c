import {
  fieldPath,
  validateBirthDate,
  validateEmail,
  validateInsz,
  validateNationality,
  validatePhone,
} from './validation';

const today = new Date('2026-11-29T12:00:00+01:00');

describe('fieldPath', () => {
  it('joins segments as a JSON pointer without the leading slash', () => {
    expect(fieldPath('members', 0, 'insz')).toBe('members/0/insz');
    expect(fieldPath('a/b', 'c~d')).toBe('a~1b/c~0d');
  });
});

describe('validators', () => {
  it('return nothing for valid input', () => {
    expect(validateInsz('insz', '85.07.30-033.28')).toEqual([]);
    expect(validateInsz('insz', '00600099536', { acceptMagdaTestNumbers: true })).toEqual([]);
    expect(validatePhone('phone', '+380 67 123 4567')).toEqual([]);
    expect(validateEmail('email', 'anna@example.be')).toEqual([]);
    expect(validateNationality('nationality', 'UA')).toEqual([]);
    expect(validateBirthDate('birthDate', '1980-05', today)).toEqual([]);
  });

  it.each([
    [validateInsz('members/0/insz', '85073003329'), 'members/0/insz', 'INSZ.CHECKSUM'],
    [validateInsz('insz', '8507300332'), 'insz', 'INSZ.FORMAT'],
    [validateInsz('insz', '80023100184'), 'insz', 'INSZ.DATE'],
    [validatePhone('phones/1', '0470 12 34 5'), 'phones/1', 'PHONE.INVALID'],
    [validatePhone('phone', '+999 1234 5678'), 'phone', 'PHONE.UNKNOWN_COUNTRY'],
    [validatePhone('phone', '1'), 'phone', 'PHONE.TOO_SHORT'],
    [validateEmail('email', 'Anna <anna@example.be>'), 'email', 'EMAIL.DISPLAY_NAME'],
    [validateEmail('email', 'anna@localhost'), 'email', 'EMAIL.DOMAIN'],
    [validateNationality('nationality', 'UKR'), 'nationality', 'NATIONALITY.UNKNOWN'],
    [validateBirthDate('birthDate', '1980-13', today), 'birthDate', 'BIRTH_DATE.FORMAT'],
    [validateBirthDate('birthDate', '2026-12', today), 'birthDate', 'BIRTH_DATE.FUTURE'],
  ])('report one coded error on the field (%#)', (errors, field, code) => {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field, code });
    expect(errors[0]?.message.length).toBeGreaterThan(10);
  });

  it('never echo the value in the message', () => {
    const values: [string, (v: string) => { message: string }[]][] = [
      ['85073003329', (v) => validateInsz('insz', v)],
      ['0470 12 34 5', (v) => validatePhone('phone', v)],
      ['Anna Peeters <anna.peeters@example.be>', (v) => validateEmail('email', v)],
      ['anna.peeters@localhost', (v) => validateEmail('email', v)],
      ['1980-13-01', (v) => validateBirthDate('birthDate', v, today)],
    ];
    for (const [value, validate] of values) {
      const text = JSON.stringify(validate(value));
      expect(text).not.toContain(value);
      expect(text).not.toMatch(/peeters|85073|0470|1980/i);
    }
  });
});
