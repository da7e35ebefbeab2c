import {
  arePartialDatesCompatible,
  formatPartialDate,
  isInFuture,
  type PartialDate,
} from './partial-date';

/**
 * The INSZ (identificatienummer van de sociale zekerheid): either the national register number
 * (rijksregisternummer) or, for people not in the national register, a BIS number from the
 * Crossroads Bank for Social Security. Both are 11 digits: YYMMDD, a 3-digit sequence number and
 * a 2-digit check. Rules and their sources: docs/registration-rules.md.
 *
 * An INSZ is personal data: no error, reason or exception here ever carries the number.
 */
export type Insz = string;

export type InszKind = 'rijksregisternummer' | 'bis';

export interface InszInfo {
  /** The 11 digits, without separators. */
  readonly insz: Insz;
  readonly kind: InszKind;
  /** Whether the number encodes the gender (always for a national number; BIS month + 40). */
  readonly genderKnown: boolean;
  /** The birth date the number encodes; partial when the register did not know month or day. */
  readonly birthDate?: PartialDate;
  readonly gender?: 'M' | 'F';
  /**
   * True for the MAGDA mock's test persons (month + 60), accepted only with
   * `acceptMagdaTestNumbers`; never true for a real person.
   */
  readonly testNumber: boolean;
}

export type InszInvalidReason = 'format' | 'checksum' | 'date';

export type InszParseResult =
  | { readonly ok: true; readonly value: InszInfo }
  | { readonly ok: false; readonly reason: InszInvalidReason };

export interface ParseInszOptions {
  /**
   * The official MAGDA mock (and our simulators built from its examples) uses made-up numbers
   * whose month is the birth month + 60; they pass the check but are no real INSZ. Accept them in
   * test and demo environments only.
   */
  readonly acceptMagdaTestNumbers?: boolean;
  /**
   * When given, a number whose birth date lies wholly after this day is refused ('date'): the
   * check fixes the century, and a typo can make a valid-looking number of someone born in 2090.
   */
  readonly today?: Date;
}

const SEPARATORS = /[\s.\-‐‑‒–—]/g;
const ELEVEN_DIGITS = /^\d{11}$/;

/** The 11 digits of an INSZ typed with spaces, dots or dashes (as on the eID: 85.07.30-033.28). */
export function normaliseInsz(input: string): Insz | undefined {
  const digits = input.replace(SEPARATORS, '');
  return ELEVEN_DIGITS.test(digits) ? digits : undefined;
}

/** 97 − (n mod 97): the check of the 9-digit base, or of "2" + base for births from 2000. */
export function inszCheck(base: string, bornFrom2000: boolean): number {
  const n = BigInt(bornFrom2000 ? `2${base}` : base);
  return 97 - Number(n % 97n);
}

interface MonthEncoding {
  readonly kind: InszKind;
  readonly genderKnown: boolean;
  readonly testNumber: boolean;
  readonly month: number;
}

/**
 * What the two month digits say. A national number carries the month (00 when unknown); a BIS
 * number adds 40 when the gender was known when the number was given, 20 when it was not
 * (Royal Decree of 8 February 1991, art. 2).
 */
function decodeMonth(encoded: number, options: ParseInszOptions): MonthEncoding | undefined {
  if (encoded <= 12) {
    return { kind: 'rijksregisternummer', genderKnown: true, testNumber: false, month: encoded };
  }
  if (encoded >= 20 && encoded <= 32) {
    return { kind: 'bis', genderKnown: false, testNumber: false, month: encoded - 20 };
  }
  if (encoded >= 40 && encoded <= 52) {
    return { kind: 'bis', genderKnown: true, testNumber: false, month: encoded - 40 };
  }
  if (options.acceptMagdaTestNumbers === true && encoded >= 60 && encoded <= 72) {
    return {
      kind: 'rijksregisternummer',
      genderKnown: true,
      testNumber: true,
      month: encoded - 60,
    };
  }
  return undefined;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Validates an INSZ and reads what it encodes.
 *
 * The century is not in the number: the check decides it. Births from 2000 compute the check
 * over "2" + the nine digits, earlier births over the nine digits alone. The two checks can never
 * both hold for one number, because 2,000,000,000 mod 97 = 68 ≠ 0: the two dividends differ by a
 * non-multiple of 97, so they leave different remainders and at most one equals the check digits.
 * So there is no real ambiguity: whichever check validates gives the century.
 *
 * Month 00 and day 00 stand for an unknown month or day (national register practice for people,
 * often refugees, whose birth date is not known), giving a partial birth date. A known day in an
 * unknown month gives the year only. A birth date after today is refused only when `today` is
 * given, so that parsing stays a function of its arguments.
 */
export function parseInsz(input: string, options: ParseInszOptions = {}): InszParseResult {
  const insz = normaliseInsz(input);
  if (insz === undefined) return { ok: false, reason: 'format' };

  const base = insz.slice(0, 9);
  const check = Number(insz.slice(9));
  const bornFrom2000 = inszCheck(base, true) === check;
  if (!bornFrom2000 && inszCheck(base, false) !== check) return { ok: false, reason: 'checksum' };

  const encoding = decodeMonth(Number(insz.slice(2, 4)), options);
  if (!encoding) return { ok: false, reason: 'date' };

  const year = (bornFrom2000 ? 2000 : 1900) + Number(insz.slice(0, 2));
  const { month } = encoding;
  const day = Number(insz.slice(4, 6));
  if (month !== 0 && day > daysIn(year, month)) return { ok: false, reason: 'date' };
  if (month === 0 && day > 31) return { ok: false, reason: 'date' };

  const birthDate =
    month === 0
      ? formatPartialDate({ year })
      : day === 0
        ? formatPartialDate({ year, month })
        : formatPartialDate({ year, month, day });

  if (options.today !== undefined && isInFuture(birthDate, options.today)) {
    return { ok: false, reason: 'date' };
  }

  const sequence = Number(insz.slice(6, 9));
  const info: InszInfo = {
    insz,
    kind: encoding.kind,
    genderKnown: encoding.genderKnown,
    birthDate,
    testNumber: encoding.testNumber,
    ...(encoding.genderKnown
      ? { gender: sequence % 2 === 1 ? ('M' as const) : ('F' as const) }
      : {}),
  };
  return { ok: true, value: info };
}

/** The way the eID prints it: `85.07.30-033.28`. For screens, never for logs. */
export function formatInsz(insz: Insz): string {
  const d = normaliseInsz(insz);
  if (d === undefined) throw new RangeError('Not an INSZ of 11 digits');
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9)}`;
}

export type DeclaredGender = 'M' | 'F' | 'X' | 'unknown';

export interface DeclaredIdentity {
  readonly birthDate?: PartialDate;
  readonly gender?: DeclaredGender;
}

export type InszMismatch = 'birthDate' | 'gender';

/**
 * Where what a person declared contradicts what their INSZ encodes. A partial date agrees with a
 * fuller one when the parts both know agree. Gender is compared only when the number encodes it
 * and the person declared M or F: the number cannot express X, and "unknown" contradicts nothing.
 */
export function compareWithDeclared(
  info: Pick<InszInfo, 'birthDate' | 'gender'>,
  declared: DeclaredIdentity,
): InszMismatch[] {
  const mismatches: InszMismatch[] = [];
  if (
    info.birthDate !== undefined &&
    declared.birthDate !== undefined &&
    !arePartialDatesCompatible(info.birthDate, declared.birthDate)
  ) {
    mismatches.push('birthDate');
  }
  if (
    info.gender !== undefined &&
    (declared.gender === 'M' || declared.gender === 'F') &&
    declared.gender !== info.gender
  ) {
    mismatches.push('gender');
  }
  return mismatches;
}
