import { formatEuro, multiplyCents, sumCents } from './money';

describe('money in integer cents', () => {
  it('multiplies and sums exactly', () => {
    expect(multiplyCents(1_250, 31)).toBe(38_750);
    expect(sumCents([10, 20, 30])).toBe(60);
    // 0.1 + 0.2 is not 0.3 in floating point; 10 + 20 cents is 30.
    expect(sumCents([10, 20])).toBe(30);
  });

  it('refuses amounts beyond safe integers rather than rounding them', () => {
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('formats negative amounts too', () => {
    expect(formatEuro(-1_005)).toBe('-10.05');
  });
});
