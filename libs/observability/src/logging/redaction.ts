/**
 * Personal-data redaction for anything that is about to be logged. Plain TypeScript with no
 * I/O so that it is unit-tested on its own and reused by every log path (pino, Nest's logger,
 * error serialisation).
 *
 * Two nets, because either alone leaks: keys that name personal data are blanked whatever
 * their value, and string values anywhere (also in messages and error stacks) are scrubbed of
 * things that look like an INSZ, an e-mail address or a phone number.
 */

export const REDACTED = '[redacted]';

// Keys compared after lower-casing and stripping '-', '_' and spaces, so `phone_number`,
// `phoneNumber` and `Phone-Number` are one key. `name` alone is deliberately absent: it names
// services, queues and errors far more often than people; person names use the keys below.
const PERSONAL_KEYS = new Set([
  'insz',
  'inszs',
  'rrn',
  'rijksregisternummer',
  'nationalnumber',
  'nationalregisternumber',
  'ssin',
  'bisnumber',
  'bisnummer',
  'phone',
  'phones',
  'phonenumber',
  'phonenumbers',
  'telephone',
  'telefoon',
  'telefoonnummer',
  'gsm',
  'mobile',
  'email',
  'emails',
  'emailaddress',
  'mail',
  'address',
  'addresses',
  'adres',
  'adressen',
  'street',
  'straat',
  'housenumber',
  'huisnummer',
  'firstname',
  'firstnames',
  'givenname',
  'lastname',
  'familyname',
  'fullname',
  'officialname',
  'voornaam',
  'voornamen',
  'achternaam',
  'familienaam',
  'naam',
  'birthdate',
  'geboortedatum',
  'dateofbirth',
  // Not personal data but credentials that would let a reader act as the person (libs/security).
  'authorization',
  'token',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'bearertoken',
  // Bound values of a failed SQL statement (drizzle's DrizzleQueryError.params, pg's): they are
  // whatever the row held, birth dates and free text included.
  'params',
  'parameters',
]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// An INSZ, bare (85073003328) or formatted (85.07.30-033.28). Every 11-digit number is
// treated as one: a false positive costs a log detail, a false negative a data breach.
const INSZ = /(?<![\w.])\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}(?![\w])/g;
// International (+32 471 23 45 67, 0032...) and Belgian national (0471 23 45 67, 02/123.45.67).
const INTERNATIONAL_PHONE = /(?<![\w+])(?:\+|00)[1-9](?:[ ./-]?\d){7,14}(?!\w)/g;
const NATIONAL_PHONE = /(?<![\w.])0\d(?:[ ./-]?\d){7,9}(?!\w)/g;
// A JWT (bearer token): its header always starts with `{"`, base64url `eyJ`.
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// drizzle writes the bound values into the message and stack of a failed query ("params: …").
const SQL_PARAMS = /\bparams: [^\n]*/g;

export function isPersonalDataKey(key: string): boolean {
  return PERSONAL_KEYS.has(key.toLowerCase().replace(/[-_\s]/g, ''));
}

export function scrubPersonalData(text: string): string {
  return text
    .replace(SQL_PARAMS, `params: ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(EMAIL, REDACTED)
    .replace(INSZ, REDACTED)
    .replace(INTERNATIONAL_PHONE, REDACTED)
    .replace(NATIONAL_PHONE, REDACTED);
}

const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` with personal data redacted. Never mutates its input (the caller
 * may still need the real values), survives cycles and stops at a depth limit.
 */
export function redactPersonalData(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubPersonalData(value);
  if (typeof value === 'bigint') return scrubPersonalData(value.toString());
  if (typeof value === 'number') {
    return Number.isInteger(value) && String(Math.abs(value)).length === 11 ? REDACTED : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    if (value instanceof Date) return value;
    if (value instanceof Error) {
      return redact(
        { ...value, type: value.name, message: value.message, stack: value.stack },
        depth,
        seen,
      );
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] =
        isPersonalDataKey(key) && item !== null && item !== undefined
          ? REDACTED
          : redact(item, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
