/**
 * The reference an offerer gets back from the public intake: `HV-XXXX-XXXX` in Crockford's
 * base 32 (no I, L, O or U: nothing to misread on the phone). 40 random bits: not guessable, so
 * it says nothing about how many offers exist.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function confirmationReference(randomBytes: Uint8Array): string {
  if (randomBytes.length < 5) throw new Error('confirmationReference needs 5 random bytes');
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(randomBytes[i] ?? 0);
  let text = '';
  for (let i = 0; i < 8; i++) {
    text = (ALPHABET[Number(bits & 31n)] ?? '0') + text;
    bits >>= 5n;
  }
  return `HV-${text.slice(0, 4)}-${text.slice(4)}`;
}
