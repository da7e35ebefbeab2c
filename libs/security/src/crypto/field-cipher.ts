import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FieldEncryptionConfig } from '../config/security-config';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type FieldDecryptionFailure =
  'malformed' | 'unsupported-version' | 'unknown-key' | 'authentication-failed';

/**
 * A value could not be decrypted. The message names the reason, the key id and the purpose,
 * never the ciphertext or anything of the plaintext.
 */
export class FieldDecryptionError extends Error {
  constructor(
    readonly reason: FieldDecryptionFailure,
    readonly purpose: string,
    readonly keyId?: string,
  ) {
    super(describe(reason, purpose, keyId));
    this.name = 'FieldDecryptionError';
  }
}

function describe(reason: FieldDecryptionFailure, purpose: string, keyId?: string): string {
  switch (reason) {
    case 'malformed':
      return `Not a field ciphertext (purpose ${purpose})`;
    case 'unsupported-version':
      return `Unsupported field ciphertext version (purpose ${purpose})`;
    case 'unknown-key':
      return `Field ciphertext made with key '${keyId ?? '?'}', which is not in FIELD_ENCRYPTION_KEYS (purpose ${purpose})`;
    case 'authentication-failed':
      return `Field ciphertext failed authentication: altered, or encrypted for another purpose than ${purpose} (key '${keyId ?? '?'}')`;
  }
}

/**
 * AES-256-GCM for personal data at rest. A ciphertext is one self-describing string,
 * `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts), so it names the key that can open
 * it and keys can rotate: the current key encrypts, every configured key still decrypts.
 * The purpose (`table.column`) is authenticated data: a ciphertext copied into another column
 * does not decrypt there.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(config: FieldEncryptionConfig) {
    for (const keyId of config.keys.keys()) {
      // Ids travel in the ciphertext and in the authenticated data, separated by dots and colons.
      if (!/^[A-Za-z0-9-]{1,32}$/.test(keyId)) throw new Error(`Invalid field key id '${keyId}'`);
    }
    if (!config.keys.has(config.currentKeyId)) {
      throw new Error(`The current field key '${config.currentKeyId}' is not among the keys`);
    }
    this.keys = config.keys;
    this.currentKeyId = config.currentKeyId;
  }

  encrypt(plaintext: string, purpose: string): string {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.currentKeyId, purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.currentKeyId,
      iv.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(ciphertext: string, purpose: string): string {
    const parts = parse(ciphertext, purpose);
    const key = this.keys.get(parts.keyId);
    if (key === undefined) throw new FieldDecryptionError('unknown-key', purpose, parts.keyId);
    const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(parts.keyId, purpose));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.body), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError('authentication-failed', purpose, parts.keyId);
    }
  }

  /** The key id a ciphertext was made with (without decrypting it). */
  keyIdOf(ciphertext: string): string {
    return parse(ciphertext, '(any)').keyId;
  }

  /** Whether a ciphertext was made with another key than the current one. */
  needsReencryption(ciphertext: string): boolean {
    return this.keyIdOf(ciphertext) !== this.currentKeyId;
  }

  /** Decrypts with whichever key made it and encrypts with the current key. */
  reencrypt(ciphertext: string, purpose: string): string {
    return this.encrypt(this.decrypt(ciphertext, purpose), purpose);
  }
}

// The version and key id are bound too, so a ciphertext cannot be relabelled with another key id.
function additionalData(keyId: string, purpose: string): Buffer {
  return Buffer.from(`toevlucht-field:${VERSION}:${keyId}:${purpose}`, 'utf8');
}

interface Parts {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly body: Buffer;
  readonly tag: Buffer;
}

function parse(ciphertext: string, purpose: string): Parts {
  const parts = ciphertext.split('.');
  if (parts.length !== 5) throw new FieldDecryptionError('malformed', purpose);
  const [version, keyId, iv, body, tag] = parts as [string, string, string, string, string];
  if (version !== VERSION) {
    if (/^v\d+$/.test(version)) throw new FieldDecryptionError('unsupported-version', purpose);
    throw new FieldDecryptionError('malformed', purpose);
  }
  if (keyId === '' || ![iv, body, tag].every((part) => BASE64URL.test(part))) {
    throw new FieldDecryptionError('malformed', purpose);
  }
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    body: Buffer.from(body, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new FieldDecryptionError('malformed', purpose, keyId);
  }
  return decoded;
}
