import { normaliseEmail, type EmailInvalidReason } from './email';
import { type InszInvalidReason, parseInsz, type ParseInszOptions } from './insz';
import { isNationalityCode } from './nationality';
import { isInFuture, parsePartialDate } from './partial-date';
import { normalisePhone, type PhoneInvalidReason } from './phone';

/**
 * A problem with one input field, for the HTTP edge to turn into problem+json. `field` is a
 * JSON-pointer-like path without the leading slash (`members/0/insz`). The message says what is
 * wrong in words fit for a form and never repeats the value: values are personal data, and an
 * error ends up in logs, traces and screenshots.
 */
export interface FieldError {
  readonly field: string;
  /** Stable, coded (`INSZ.CHECKSUM`): clients and translations key on it. */
  readonly code: string;
  readonly message: string;
}

/** `fieldPath('members', 0, 'insz')` → `members/0/insz`, escaping `~` and `/` as JSON Pointer does. */
export function fieldPath(...segments: readonly (string | number)[]): string {
  return segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

const INSZ_MESSAGES: Readonly<Record<InszInvalidReason, string>> = {
  format: 'An INSZ has 11 digits (spaces, dots and dashes are allowed).',
  checksum: 'The check digits do not match: one of the digits is probably mistyped.',
  date: 'The birth date in this number does not exist.',
};

export function validateInsz(
  field: string,
  input: string,
  options: ParseInszOptions = {},
): FieldError[] {
  const result = parseInsz(input, options);
  if (result.ok) return [];
  return [
    { field, code: `INSZ.${result.reason.toUpperCase()}`, message: INSZ_MESSAGES[result.reason] },
  ];
}

const PHONE_MESSAGES: Readonly<Record<PhoneInvalidReason, string>> = {
  empty: 'A phone number is required here.',
  'too-long': 'This is too long for a phone number.',
  'too-short': 'This is too short for a phone number.',
  'not-a-number': 'This is not a phone number.',
  'unknown-country': 'The country calling code is unknown; foreign numbers start with + or 00.',
  extension: 'Leave out the extension.',
  invalid: 'This is not a valid phone number for its country.',
};

const codeOf = (prefix: string, reason: string): string =>
  `${prefix}.${reason.toUpperCase().replace(/-/g, '_')}`;

export function validatePhone(field: string, input: string, defaultCountry = 'BE'): FieldError[] {
  const result = normalisePhone(input, defaultCountry);
  if (result.ok) return [];
  return [{ field, code: codeOf('PHONE', result.reason), message: PHONE_MESSAGES[result.reason] }];
}

const EMAIL_MESSAGES: Readonly<Record<EmailInvalidReason, string>> = {
  empty: 'An e-mail address is required here.',
  'too-long': 'An e-mail address has at most 254 characters.',
  'display-name': 'Give the address alone, without a name, spaces or angle brackets.',
  format: 'An e-mail address has the form name@domain.',
  'local-part': 'The part before the @ contains characters or dots that are not allowed.',
  domain: 'The part after the @ is not a valid internet domain.',
};

export function validateEmail(field: string, input: string): FieldError[] {
  const result = normaliseEmail(input);
  if (result.ok) return [];
  return [{ field, code: codeOf('EMAIL', result.reason), message: EMAIL_MESSAGES[result.reason] }];
}

export function validateNationality(field: string, input: string): FieldError[] {
  if (isNationalityCode(input)) return [];
  return [
    {
      field,
      code: 'NATIONALITY.UNKNOWN',
      message: 'A nationality is an ISO 3166-1 alpha-2 country code in capitals, such as UA.',
    },
  ];
}

export function validateBirthDate(field: string, input: string, today: Date): FieldError[] {
  if (!parsePartialDate(input)) {
    return [
      {
        field,
        code: 'BIRTH_DATE.FORMAT',
        message: 'A birth date is YYYY-MM-DD, or YYYY-MM or YYYY when day or month is unknown.',
      },
    ];
  }
  if (isInFuture(input, today)) {
    return [{ field, code: 'BIRTH_DATE.FUTURE', message: 'A birth date cannot be in the future.' }];
  }
  return [];
}
