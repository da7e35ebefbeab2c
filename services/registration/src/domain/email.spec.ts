import { normaliseEmail } from './email';

describe('normaliseEmail', () => {
  it.each([
    ['anna@example.be', 'anna@example.be'],
    ['  anna@example.be  ', 'anna@example.be'],
    ['Anna.Peeters@Example.BE', 'Anna.Peeters@example.be'],
    ['anna+toevlucht@mail.example.com', 'anna+toevlucht@mail.example.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['x_y-z{1}@sub-domain.example.org', 'x_y-z{1}@sub-domain.example.org'],
    ['olena@пошта.укр', 'olena@xn--80a1acn3a.xn--j1amh'],
    ['jan@café.be', 'jan@xn--caf-dma.be'],
    ['a@b.co', 'a@b.co'],
  ])('%j → %s', (input, value) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['Anna Peeters <anna@example.be>', 'display-name'],
    ['<anna@example.be>', 'display-name'],
    ['anna @example.be', 'display-name'],
    ['anna', 'format'],
    ['@example.be', 'format'],
    ['anna@', 'format'],
    ['anna..peeters@example.be', 'local-part'],
    ['.anna@example.be', 'local-part'],
    ['anna.@example.be', 'local-part'],
    ['"anna@home"@example.be', 'local-part'],
    ['anna(comment)@example.be', 'local-part'],
    ['анна@example.be', 'local-part'],
    [`${'a'.repeat(65)}@example.be`, 'local-part'],
    ['anna@localhost', 'domain'],
    ['anna@example', 'domain'],
    ['anna@example..be', 'domain'],
    ['anna@-example.be', 'domain'],
    ['anna@example-.be', 'domain'],
    ['anna@exa_mple.be', 'domain'],
    ['anna@[192.0.2.1]', 'domain'],
    ['anna@192.0.2.1', 'domain'],
    ['anna@example.be.', 'domain'],
    [`anna@${'a'.repeat(64)}.be`, 'domain'],
    [`a@${'abcdefghi.'.repeat(26)}be`, 'too-long'],
  ] as const)('%j → %s', (input, reason) => {
    expect(normaliseEmail(input)).toEqual({ ok: false, reason });
  });

  it('accepts the longest address RFC 5321 allows and refuses one character more', () => {
    const local = 'a'.repeat(64);
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.be`;
    expect(`${local}@${domain}`).toHaveLength(254);
    expect(normaliseEmail(`${local}@${domain}`)).toEqual({ ok: true, value: `${local}@${domain}` });
    expect(normaliseEmail(`${local}@x${domain}`)).toEqual({ ok: false, reason: 'too-long' });
  });
});
