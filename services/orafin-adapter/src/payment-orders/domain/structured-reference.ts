/**
 * The Belgian structured reference ("gestructureerde mededeling", OGM/VCS): ten digits and a
 * two-digit check, the ten digits modulo 97 (97 when the remainder is 0). Written
 * `+++123/4567/89002+++`; the ledger and the payment files keep the 12 digits.
 */
export type StructuredReference = string & { readonly __brand: 'StructuredReference' };

/** The 12 digits of a valid reference, given bare or formatted; null when invalid. */
export function parseStructuredReference(input: string): StructuredReference | null {
  const formatted = /^\+\+\+(\d{3})\/(\d{4})\/(\d{5})\+\+\+$/.exec(input);
  const digits = formatted === null ? input : `${formatted[1]}${formatted[2]}${formatted[3]}`;
  if (!/^\d{12}$/.test(digits)) return null;
  const base = digits.slice(0, 10);
  if (base === '0000000000') return null;
  return checkDigits(base) === digits.slice(10) ? (digits as StructuredReference) : null;
}

/** The reference for a ten-digit base number (e.g. a claim's payment sequence). */
export function structuredReferenceFor(base: number): StructuredReference {
  if (!Number.isSafeInteger(base) || base < 1 || base > 9_999_999_999) {
    throw new RangeError('the base of a structured reference has 1 to 10 digits');
  }
  const digits = String(base).padStart(10, '0');
  return `${digits}${checkDigits(digits)}` as StructuredReference;
}

export function formatStructuredReference(reference: StructuredReference): string {
  return `+++${reference.slice(0, 3)}/${reference.slice(3, 7)}/${reference.slice(7)}+++`;
}

function checkDigits(base: string): string {
  // Ten digits exceed no safe integer, so plain arithmetic is exact.
  const remainder = Number(base) % 97;
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}
