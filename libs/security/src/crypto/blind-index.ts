import { createHmac } from 'node:crypto';

/**
 * A keyed, deterministic fingerprint of a value, for finding rows by a value that is stored
 * encrypted (an INSZ lookup) without storing anything reversible: HMAC-SHA256 with its own
 * key (BLIND_INDEX_KEY), never the field-encryption keys. Each purpose gets its own derived
 * key, so the same value indexed for two columns gives unrelated fingerprints.
 *
 * The caller normalises the value first (an INSZ as its 11 digits, without dots or dashes):
 * the index is exact, and "85.07.30-033.28" and "85073003328" are different strings.
 */
export class BlindIndex {
  private readonly purposeKeys = new Map<string, Buffer>();

  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('A blind-index key must be at least 32 bytes');
  }

  /** 64 lowercase hex characters. */
  of(value: string, purpose: string): string {
    return createHmac('sha256', this.keyFor(purpose)).update(value, 'utf8').digest('hex');
  }

  private keyFor(purpose: string): Buffer {
    let derived = this.purposeKeys.get(purpose);
    if (derived === undefined) {
      derived = createHmac('sha256', this.key)
        .update(`toevlucht-blind-index:${purpose}`, 'utf8')
        .digest();
      this.purposeKeys.set(purpose, derived);
    }
    return derived;
  }
}
