/**
 * The Belgian structured payment reference ("gestructureerde mededeling", OGM-VCS):
 * +++123/4567/89012+++, ten digits and a two-digit check, the ten digits modulo 97 (97 when
 * the remainder is 0).
 */
export function ogmCheck(base: string): string {
  if (!/^\d{10}$/.test(base)) throw new RangeError('an OGM base has 10 digits');
  const remainder = Number(BigInt(base) % 97n);
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

export function isValidOgm(reference: string): boolean {
  const digits = reference.replace(/^\+\+\+(\d{3})\/(\d{4})\/(\d{5})\+\+\+$/, '$1$2$3');
  if (!/^\d{12}$/.test(digits)) return false;
  return ogmCheck(digits.slice(0, 10)) === digits.slice(10);
}

export function formatOgm(digits: string): string {
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7, 12)}+++`;
}

/**
 * The reference of a claim version's payment, derived from the claim so accounting can read
 * it back: municipality NIS code (5 digits), months since January 2000 (3 digits: the period),
 * version (2 digits), check. Unique per municipality, month and version, so a corrected claim
 * (new version) is paid under a new reference, as Orafin requires after a rejection.
 */
export function claimPaymentReference(
  nisCode: string,
  period: { year: number; month: number },
  version: number,
): string {
  if (!/^[1-9]\d{4}$/.test(nisCode)) throw new RangeError('a NIS code has 5 digits');
  const months = (period.year - 2000) * 12 + (period.month - 1);
  if (months < 0 || months > 999) throw new RangeError('period outside 2000-01 … 2083-04');
  if (!Number.isInteger(version) || version < 1 || version > 99)
    throw new RangeError('a claim has at most 99 versions');
  const base = `${nisCode}${String(months).padStart(3, '0')}${String(version).padStart(2, '0')}`;
  return formatOgm(`${base}${ogmCheck(base)}`);
}
