/**
 * The key under which two offers count as "possibly the same": the same normalised address and
 * offerer. Normalisation forgives what people vary when they type the same thing twice (case,
 * accents, punctuation, spacing, "straat"/"str."), never what makes a different address (the
 * house number or box). The key is then hashed with a keyed blind index, so the database holds
 * no readable address in it.
 */
function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’´`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function street(value: string): string {
  return fold(value)
    .replace(/str\b/g, 'straat')
    .replace(/stwg\b/g, 'steenweg')
    .replace(/\bln\b/g, 'laan')
    .replace(/\s+/g, '');
}

export interface DuplicateKeyInput {
  readonly offererName: string;
  readonly street: string;
  readonly houseNumber: string;
  readonly box?: string;
  readonly postcode: string;
}

export function duplicateKey(input: DuplicateKeyInput): string {
  return [
    fold(input.offererName).split(' ').sort().join(' '),
    street(input.street),
    fold(input.houseNumber).replace(/\s+/g, ''),
    fold(input.box ?? '')
      .replace(/^(bus|box|b)\s*/, '')
      .replace(/\s+/g, ''),
    input.postcode.trim(),
  ].join('|');
}
