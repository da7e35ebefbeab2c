import { randomBytes } from 'node:crypto';
import { FieldCipher, FieldDecryptionError, type FieldDecryptionFailure } from './field-cipher';

const k2025 = randomBytes(32);
const k2026 = randomBytes(32);
const cipher2025 = new FieldCipher({ keys: new Map([['k2025', k2025]]), currentKeyId: 'k2025' });
const rotated = new FieldCipher({
  keys: new Map([
    ['k2025', k2025],
    ['k2026', k2026],
  ]),
  currentKeyId: 'k2026',
});
const PURPOSE = 'person.insz';

function failure(run: () => unknown): FieldDecryptionFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldDecryptionError) return error.reason;
    throw error;
  }
  throw new Error('decrypted');
}

describe('FieldCipher', () => {
  it('round-trips text, including empty and non-ASCII text', () => {
    for (const plaintext of ['85073003328', '', 'Олена Шевченко, вул. Хрещатик 1']) {
      expect(cipher2025.decrypt(cipher2025.encrypt(plaintext, PURPOSE), PURPOSE)).toBe(plaintext);
    }
  });

  it('writes a versioned string naming its key, and never the plaintext', () => {
    const ciphertext = cipher2025.encrypt('85073003328', PURPOSE);
    expect(ciphertext).toMatch(/^v1\.k2025\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(ciphertext).not.toContain('85073003328');
    expect(cipher2025.keyIdOf(ciphertext)).toBe('k2025');
  });

  it('uses a fresh IV every time', () => {
    expect(cipher2025.encrypt('same', PURPOSE)).not.toBe(cipher2025.encrypt('same', PURPOSE));
  });

  it('refuses a ciphertext moved to another purpose (column)', () => {
    const ciphertext = cipher2025.encrypt('85073003328', 'person.insz');
    expect(failure(() => cipher2025.decrypt(ciphertext, 'person.phone'))).toBe(
      'authentication-failed',
    );
  });

  it.each([
    ['the body', 3],
    ['the tag', 4],
    ['the IV', 2],
  ])('detects a change to %s', (_part, index) => {
    const parts = cipher2025.encrypt('85073003328', PURPOSE).split('.');
    const bytes = Buffer.from(parts[index]!, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    parts[index] = bytes.toString('base64url');
    expect(failure(() => cipher2025.decrypt(parts.join('.'), PURPOSE))).toBe(
      'authentication-failed',
    );
  });

  it('detects a ciphertext relabelled with another key id', () => {
    const parts = rotated.encrypt('85073003328', PURPOSE).split('.');
    parts[1] = 'k2025';
    expect(failure(() => rotated.decrypt(parts.join('.'), PURPOSE))).toBe('authentication-failed');
  });

  it('says clearly which key is missing, without the ciphertext', () => {
    const ciphertext = rotated.encrypt('85073003328', PURPOSE);
    let error: unknown;
    try {
      cipher2025.decrypt(ciphertext, PURPOSE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect((error as FieldDecryptionError).reason).toBe('unknown-key');
    expect((error as Error).message).toContain("'k2026'");
    expect((error as Error).message).toContain('FIELD_ENCRYPTION_KEYS');
    expect((error as Error).message).not.toContain(ciphertext.split('.')[3]);
  });

  it.each([
    ['plain text', '85073003328', 'malformed'],
    ['too few parts', 'v1.k2025.abc', 'malformed'],
    ['a future version', 'v2.k2025.a.b.c', 'unsupported-version'],
    ['a short IV', 'v1.k2025.AAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA', 'malformed'],
  ])('refuses %s', (_case, ciphertext, reason) => {
    expect(failure(() => cipher2025.decrypt(ciphertext, PURPOSE))).toBe(reason);
  });

  describe('rotation', () => {
    it('encrypts with the new current key and still decrypts the old key', () => {
      const old = cipher2025.encrypt('85073003328', PURPOSE);
      expect(rotated.decrypt(old, PURPOSE)).toBe('85073003328');
      expect(rotated.keyIdOf(rotated.encrypt('x', PURPOSE))).toBe('k2026');
      expect(rotated.needsReencryption(old)).toBe(true);
    });

    it('re-encrypts an old ciphertext under the current key', () => {
      const moved = rotated.reencrypt(cipher2025.encrypt('85073003328', PURPOSE), PURPOSE);
      expect(rotated.keyIdOf(moved)).toBe('k2026');
      expect(rotated.needsReencryption(moved)).toBe(false);
      expect(rotated.decrypt(moved, PURPOSE)).toBe('85073003328');
    });
  });

  it('refuses a current key id that is not among its keys', () => {
    expect(() => new FieldCipher({ keys: new Map([['a', k2025]]), currentKeyId: 'b' })).toThrow(
      "The current field key 'b' is not among the keys",
    );
  });
});
