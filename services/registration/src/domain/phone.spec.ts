import { normalisePhone } from './phone';

// Example numbers in the shapes the numbering plans allocate; none is known to belong to anyone.

describe('normalisePhone', () => {
  it.each([
    ['0470 12 34 56', '+32470123456', 'BE', 'MOBILE'],
    ['0470/12.34.56', '+32470123456', 'BE', 'MOBILE'],
    ['(0470) 12-34-56', '+32470123456', 'BE', 'MOBILE'],
    ['+32 470 12 34 56', '+32470123456', 'BE', 'MOBILE'],
    ['0032 470 12 34 56', '+32470123456', 'BE', 'MOBILE'],
    ['02 501 02 11', '+3225010211', 'BE', 'FIXED_LINE'],
    ['09 210 10 10', '+3292101010', 'BE', 'FIXED_LINE'],
    ['0800 12 345', '+3280012345', 'BE', 'TOLL_FREE'],
    ['+380 67 123 4567', '+380671234567', 'UA', 'MOBILE'],
    ['+380671234567', '+380671234567', 'UA', 'MOBILE'],
    ['00380 67 123 45 67', '+380671234567', 'UA', 'MOBILE'],
    ['+380 44 123 4567', '+380441234567', 'UA', 'FIXED_LINE'],
    ['+48 512 345 678', '+48512345678', 'PL', 'MOBILE'],
    ['+31 6 12345678', '+31612345678', 'NL', 'MOBILE'],
    ['  +32 470 12 34 56  ', '+32470123456', 'BE', 'MOBILE'],
  ])('%j → %s', (input, e164, country, type) => {
    expect(normalisePhone(input)).toEqual({ ok: true, e164, country, type });
  });

  it('reads national numbers in the default country given', () => {
    expect(normalisePhone('067 123 4567', 'UA')).toMatchObject({ ok: true, e164: '+380671234567' });
    expect(normalisePhone('06 12345678', 'NL')).toMatchObject({ ok: true, e164: '+31612345678' });
    // With a + the number's own country wins over the default.
    expect(normalisePhone('+32 470 12 34 56', 'UA')).toMatchObject({
      ok: true,
      e164: '+32470123456',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not-a-number'],
    ['1', 'too-short'],
    ['+999 1234 5678', 'unknown-country'],
    ['0470 12 34 5', 'invalid'],
    ['+32 2 123 45 67', 'invalid'],
    ['+32 470 12 34 56 78 90 12', 'invalid'],
    ['+32 470 12 34 56 ext. 12', 'extension'],
    ['call 0470 12 34 56 after six', 'not-a-number'],
    ['0'.repeat(65), 'too-long'],
  ] as const)('%j → %s', (input, reason) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason });
  });

  it('refuses an unknown default country instead of guessing one', () => {
    expect(normalisePhone('0470 12 34 56', 'ZZ')).toEqual({ ok: false, reason: 'unknown-country' });
  });
});
