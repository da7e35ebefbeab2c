import {
  isSupportedCountry,
  type NumberType,
  ParseError,
  parsePhoneNumberWithError,
} from 'libphonenumber-js/max';

/**
 * Phone numbers to E.164 (`+32470123456`), with libphonenumber-js and its `max` metadata: that
 * metadata knows each country's allocated number ranges, so `0470 12 34 5` (one digit short) and
 * `+32 2 123 45 67` (an unallocated Brussels range) are refused, where the `min` metadata checks
 * lengths only. Its size (~145 kB) costs nothing on a server. Numbers written with a `+` or an
 * international prefix (`00380…`) are read in their own country whatever the default.
 */
export type PhoneInvalidReason =
  'empty' | 'too-long' | 'too-short' | 'not-a-number' | 'unknown-country' | 'extension' | 'invalid';

export type PhoneResult =
  | {
      readonly ok: true;
      readonly e164: string;
      /** ISO 3166-1 alpha-2 of the number's country, when the number tells it. */
      readonly country?: string;
      /** MOBILE, FIXED_LINE, …: useful to know where a text message can go. */
      readonly type?: NumberType;
    }
  | { readonly ok: false; readonly reason: PhoneInvalidReason };

/** Longer than any phone number however it is written: input this long is not one. */
const MAX_INPUT_LENGTH = 64;

function reasonOf(error: unknown): PhoneInvalidReason {
  if (!(error instanceof ParseError)) return 'invalid';
  switch (error.message) {
    case 'NOT_A_NUMBER':
      return 'not-a-number';
    case 'INVALID_COUNTRY':
      return 'unknown-country';
    case 'TOO_SHORT':
      return 'too-short';
    case 'TOO_LONG':
      return 'too-long';
    default:
      return 'invalid';
  }
}

export function normalisePhone(input: string, defaultCountry = 'BE'): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too-long' };
  if (!isSupportedCountry(defaultCountry)) return { ok: false, reason: 'unknown-country' };

  let parsed;
  try {
    // extract: false — the whole input must be the number, not "call 0470… after six".
    parsed = parsePhoneNumberWithError(text, {
      defaultCountry,
      extract: false,
    });
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  // E.164 has no room for an extension; dropping it silently would lose the way to reach someone.
  if (parsed.ext !== undefined) return { ok: false, reason: 'extension' };
  if (!parsed.isValid()) return { ok: false, reason: 'invalid' };

  const type = parsed.getType();
  return {
    ok: true,
    e164: parsed.number,
    ...(parsed.country !== undefined ? { country: parsed.country } : {}),
    ...(type !== undefined ? { type } : {}),
  };
}
