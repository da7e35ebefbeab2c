import { z } from 'zod';

/** A key id: what ciphertexts carry in clear, so it must stay short and dot-free. */
export const KEY_ID = /^[A-Za-z0-9-]{1,32}$/;

/** Decodes standard or URL-safe base64; undefined when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * `FIELD_ENCRYPTION_KEYS`: `kid:<base64 of 32 bytes>` entries separated by commas. Messages
 * name the entry by position or key id, never its key material.
 */
export const fieldKeys = (fallback: string | undefined) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): Map<string, Buffer> => {
      const text = raw === undefined || raw.trim() === '' ? fallback : raw;
      if (text === undefined) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      const keys = new Map<string, Buffer>();
      const entries = text.split(',').map((entry) => entry.trim());
      for (const [index, entry] of entries.entries()) {
        const separator = entry.indexOf(':');
        const kid = separator > 0 ? entry.slice(0, separator) : '';
        if (!KEY_ID.test(kid)) {
          ctx.addIssue({
            code: 'custom',
            message: `entry ${index + 1} must be <key id>:<base64 key> with a key id of 1-32 letters, digits or dashes`,
          });
          return z.NEVER;
        }
        const key = decodeBase64(entry.slice(separator + 1));
        if (key?.length !== 32) {
          ctx.addIssue({
            code: 'custom',
            message: `key '${kid}' must be 32 bytes (AES-256), base64-encoded`,
          });
          return z.NEVER;
        }
        if (keys.has(kid)) {
          ctx.addIssue({ code: 'custom', message: `key id '${kid}' appears twice` });
          return z.NEVER;
        }
        keys.set(kid, key);
      }
      return keys;
    });

/** A single base64 secret of at least `minBytes` bytes. */
export const secretKey = (fallback: string | undefined, minBytes: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): Buffer => {
      const text = raw === undefined || raw.trim() === '' ? fallback : raw;
      if (text === undefined) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      const key = decodeBase64(text);
      if (key === undefined || key.length < minBytes) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${minBytes} bytes, base64-encoded`,
        });
        return z.NEVER;
      }
      return key;
    });

/** A required-in-production plain string (issuer, audience, claim names). */
export const text = (fallback: string | undefined) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): string => {
      const value = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      return value;
    });

/** Whole seconds from 0 up to `max`. */
export const seconds = (fallback: number | undefined, max: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') {
        if (fallback !== undefined) return fallback;
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between 0 and ${max}` });
        return z.NEVER;
      }
      return value;
    });
