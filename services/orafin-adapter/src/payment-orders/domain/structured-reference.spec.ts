import {
  formatStructuredReference,
  parseStructuredReference,
  structuredReferenceFor,
} from './structured-reference';

describe('structured reference (OGM)', () => {
  it('accepts the 12 digits or the +++ form when the mod-97 check holds', () => {
    // 0970000000 = 97 × 10,000,000, so the check is 97.
    expect(parseStructuredReference('097000000097')).toBe('097000000097');
    expect(parseStructuredReference('+++097/0000/00097+++')).toBe('097000000097');
    // 1234567890 mod 97 = 2.
    expect(parseStructuredReference('+++123/4567/89002+++')).toBe('123456789002');
  });

  it('rejects a wrong check, wrong length, stray characters and the all-zero base', () => {
    expect(parseStructuredReference('123456789003')).toBeNull();
    expect(parseStructuredReference('12345678900')).toBeNull();
    expect(parseStructuredReference('+++123/4567/8900+++')).toBeNull();
    expect(parseStructuredReference('123/4567/89002')).toBeNull();
    expect(parseStructuredReference('000000000097')).toBeNull();
  });

  it('computes the check for a base number and formats it', () => {
    const reference = structuredReferenceFor(1_234_567_890);
    expect(reference).toBe('123456789002');
    expect(formatStructuredReference(reference)).toBe('+++123/4567/89002+++');
    expect(parseStructuredReference(structuredReferenceFor(97))).toBe('000000009797');
    expect(() => structuredReferenceFor(0)).toThrow(RangeError);
    expect(() => structuredReferenceFor(10_000_000_000)).toThrow(RangeError);
  });
});
