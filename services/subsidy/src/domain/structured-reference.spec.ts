import { claimPaymentReference, isValidOgm, ogmCheck } from './structured-reference';

describe('structured payment reference (OGM)', () => {
  it('uses the base modulo 97 as check, and 97 for a remainder of 0', () => {
    expect(ogmCheck('0000000001')).toBe('01');
    expect(ogmCheck('0000000097')).toBe('97');
    expect(ogmCheck('0000000194')).toBe('97');
    expect(ogmCheck('1234567890')).toBe(String(1234567890 % 97).padStart(2, '0'));
  });

  it('recognises valid and invalid references', () => {
    expect(isValidOgm('+++000/0000/00101+++')).toBe(true);
    expect(isValidOgm('000000000101')).toBe(true);
    expect(isValidOgm('+++000/0000/00102+++')).toBe(false);
    expect(isValidOgm('+++000/0000/001+++')).toBe(false);
  });

  it('derives a valid reference from municipality, month and version', () => {
    const reference = claimPaymentReference('24062', { year: 2026, month: 10 }, 1);
    // 24062 | (26*12 + 9 = 321) | 01
    expect(reference.replace(/\D/g, '').slice(0, 10)).toBe('2406232101');
    expect(isValidOgm(reference)).toBe(true);
  });

  it('gives each version, month and municipality its own reference', () => {
    const references = new Set([
      claimPaymentReference('24062', { year: 2026, month: 10 }, 1),
      claimPaymentReference('24062', { year: 2026, month: 10 }, 2),
      claimPaymentReference('24062', { year: 2026, month: 11 }, 1),
      claimPaymentReference('11002', { year: 2026, month: 10 }, 1),
    ]);
    expect(references.size).toBe(4);
  });

  it('refuses what it cannot encode', () => {
    expect(() => claimPaymentReference('2406', { year: 2026, month: 1 }, 1)).toThrow(RangeError);
    expect(() => claimPaymentReference('24062', { year: 2026, month: 1 }, 100)).toThrow(RangeError);
    expect(() => claimPaymentReference('24062', { year: 1999, month: 12 }, 1)).toThrow(RangeError);
  });
});
