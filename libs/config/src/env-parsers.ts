import { z } from 'zod';

/**
 * Zod parsers for environment variables. Every message is written here, by us, so that no
 * message ever echoes the (possibly secret) value it rejected.
 */

export const port = (fallback: number) =>
  z
    .string({ error: 'must be a port number' })
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
        ctx.addIssue({ code: 'custom', message: 'must be an integer between 1 and 65535' });
        return z.NEVER;
      }
      return value;
    });

export const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < 1 || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between 1 and ${max}` });
        return z.NEVER;
      }
      return value;
    });

export const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

export const oneOf = <const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): T[number] => {
      if (raw === undefined || raw === '') return fallback;
      if ((values as readonly string[]).includes(raw)) return raw;
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
      return z.NEVER;
    });

/**
 * A URL with one of the given schemes. `fallback` is used when the variable is unset; pass
 * `undefined` to make the variable required (as in production, where a localhost default
 * would silently point a service at the wrong broker or database).
 */
export const url = (schemes: readonly string[], fallback: string | undefined) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') {
        if (fallback !== undefined) return fallback;
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
        return z.NEVER;
      }
      const scheme = parsed.protocol.replace(/:$/, '');
      if (!schemes.includes(scheme)) {
        ctx.addIssue({
          code: 'custom',
          message: `must use one of the schemes ${schemes.map((s) => `${s}://`).join(', ')}`,
        });
        return z.NEVER;
      }
      if (parsed.hostname === '') {
        ctx.addIssue({ code: 'custom', message: 'must name a host' });
        return z.NEVER;
      }
      return raw;
    });

/** A comma-separated list of positive integers, e.g. retry delays `1000,10000,60000`. */
export const positiveIntList = (fallback: readonly number[], max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): number[] => {
      if (raw === undefined || raw.trim() === '') return [...fallback];
      const parts = raw.split(',').map((part) => part.trim());
      if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1 || Number(part) > max)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of integers between 1 and ${max}`,
        });
        return z.NEVER;
      }
      return parts.map(Number);
    });
