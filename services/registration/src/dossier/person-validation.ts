import { parseInsz, compareWithDeclared } from '../domain/insz';
import { normaliseEmail } from '../domain/email';
import { isNationalityCode } from '../domain/nationality';
import { isInFuture, isMinorOn, parsePartialDate } from '../domain/partial-date';
import { normalisePhone } from '../domain/phone';
import type { FieldProblem as FieldError } from '@toevlucht/runtime';
import type { PersonData } from './dossier.model';
import type { PersonRequest } from './dossier-request.schema';

/** Which INSZ numbers count as valid (settings: ACCEPT_MAGDA_TEST_NUMBERS). */
export interface InszRules {
  readonly acceptMagdaTestNumbers?: boolean;
}

/** Nest token of the InszRules the dossier use cases validate with. */
export const INSZ_RULES = Symbol('INSZ_RULES');

/** Data-quality findings that do not refuse a request but go on the work list. */
export type PersonFlag = 'insz-birth-date-mismatch' | 'insz-gender-mismatch' | 'possible-duplicate';

export interface ValidatedPerson {
  readonly data: PersonData;
  readonly flags: readonly PersonFlag[];
}

/**
 * The domain rules for one person, after the request's shape was checked: a valid INSZ (mod 97,
 * BIS months), a real birth date not in the future, phone numbers and e-mail addresses that
 * exist in form, a known nationality, needs that fit the age. Errors name the field (a JSON
 * pointer from the request body's root, `path`) and never repeat the value.
 */
export function validatePerson(
  input: PersonRequest,
  path: string,
  today: Date,
  options: { readonly checkNeedsAge?: boolean } & InszRules = {},
): { errors: FieldError[]; person?: ValidatedPerson } {
  const errors: FieldError[] = [];
  const flags: PersonFlag[] = [];
  const error = (field: string, code: string, message: string) =>
    errors.push({ field: `${path}/${field}`, code, message });

  if (parsePartialDate(input.birthDate) === undefined) {
    error('birthDate', 'invalid-date', 'must be a real date as YYYY, YYYY-MM or YYYY-MM-DD');
  } else if (isInFuture(input.birthDate, today)) {
    error('birthDate', 'date-in-future', 'must not be in the future');
  }

  let insz: string | undefined;
  if (input.insz !== undefined) {
    const parsed = parseInsz(input.insz, {
      acceptMagdaTestNumbers: options.acceptMagdaTestNumbers === true,
    });
    if (!parsed.ok) {
      const messages = {
        format: 'must be 11 digits (dots, dashes and spaces are allowed)',
        checksum: 'is not a valid INSZ: the check digits do not match',
        date: 'is not a valid INSZ: it does not encode a possible birth date',
      } as const;
      error('insz', `insz-${parsed.reason}`, messages[parsed.reason]);
    } else {
      insz = parsed.value.insz;
      if (parsePartialDate(input.birthDate) !== undefined) {
        for (const field of compareWithDeclared(parsed.value, {
          birthDate: input.birthDate,
          gender: input.gender,
        })) {
          flags.push(field === 'birthDate' ? 'insz-birth-date-mismatch' : 'insz-gender-mismatch');
        }
      }
    }
  }

  if (input.nationality !== undefined && !isNationalityCode(input.nationality)) {
    error('nationality', 'unknown-country', 'must be an ISO 3166-1 alpha-2 country code');
  }

  const phones: string[] = [];
  input.phones.forEach((phone, index) => {
    const result = normalisePhone(phone);
    if (result.ok) phones.push(result.e164);
    else error(`phones/${index}`, 'invalid-phone', 'is not a valid phone number');
  });
  const emails: string[] = [];
  input.emails.forEach((email, index) => {
    const result = normaliseEmail(email);
    if (result.ok) emails.push(result.value);
    else error(`emails/${index}`, 'invalid-email', 'is not a valid e-mail address');
  });

  const minor =
    options.checkNeedsAge === false || errors.some((e) => e.field === `${path}/birthDate`)
      ? undefined
      : isMinorOn(input.birthDate, today);
  if (input.needs.education !== undefined && minor === false) {
    error('needs/education', 'not-a-minor', 'education needs are recorded for minors only');
  }
  if (input.needs.dutchLessons !== undefined && minor === true) {
    error('needs/dutchLessons', 'not-an-adult', 'Dutch-course needs are recorded for adults only');
  }

  if (errors.length > 0) return { errors };
  return {
    errors,
    person: {
      flags,
      data: {
        familyNames: input.familyNames,
        givenNames: input.givenNames,
        birthDate: input.birthDate,
        gender: input.gender,
        ...(input.nationality === undefined ? {} : { nationality: input.nationality }),
        ...(insz === undefined ? {} : { insz }),
        phones,
        emails,
        languages: input.languages,
        needs: input.needs,
      },
    },
  };
}
