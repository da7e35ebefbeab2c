/**
 * Money is integer euro cents everywhere (never floating point): amounts are sums of
 * products of integers, and each step is checked to stay a safe integer.
 */
export type Cents = number;

export function multiplyCents(cents: Cents, count: number): Cents {
  const product = cents * count;
  if (!Number.isSafeInteger(product)) throw new RangeError('amount out of range');
  return product;
}

export function sumCents(amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  }
  return total;
}

/** `1234567` → `12345.67` (for CSV and screens; the stored value stays in cents). */
export function formatEuro(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
