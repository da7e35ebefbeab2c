import { normaliseNameForMatching } from '../domain/names';
import { arePartialDatesCompatible, isPartialDate, type PartialDate } from '../domain/partial-date';
import type { Gender, Verification } from './dossier.model';

/** What the national register says about a person (from rijksregister.person.looked-up.v1). */
export interface RegisterIdentity {
  readonly familyNames: readonly string[];
  readonly givenNames: readonly string[];
  readonly birthDate?: PartialDate;
  readonly gender: Gender;
  readonly deceased?: boolean;
}

export interface DeclaredIdentity {
  readonly familyNames: readonly string[];
  readonly givenNames: readonly string[];
  readonly birthDate: PartialDate;
  readonly gender: Gender;
}

/**
 * Compares what staff declared with the register's official identity. Names match when every
 * declared name word appears among the register's (the register often holds more given names,
 * and transliterations of Cyrillic names are normalised first); dates match when the parts both
 * know agree; an unknown gender on either side is no disagreement. A mismatch is a question for
 * a person on the work list, never an automatic correction.
 */
export function checkIdentity(
  declared: DeclaredIdentity,
  register: RegisterIdentity,
): Pick<Verification, 'status' | 'mismatches'> {
  if (register.deceased === true) return { status: 'deceased' };
  const mismatches: string[] = [];
  if (!namesCovered(declared.familyNames, register.familyNames)) mismatches.push('familyNames');
  if (!namesCovered(declared.givenNames, register.givenNames)) mismatches.push('givenNames');
  if (register.birthDate !== undefined && !datesAgree(declared.birthDate, register.birthDate))
    mismatches.push('birthDate');
  if (
    declared.gender !== 'unknown' &&
    register.gender !== 'unknown' &&
    declared.gender !== register.gender
  )
    mismatches.push('gender');
  return mismatches.length === 0 ? { status: 'verified' } : { status: 'mismatch', mismatches };
}

function words(names: readonly string[]): string[] {
  return names
    .flatMap((name) => normaliseNameForMatching(name).split(' '))
    .filter((word) => word !== '');
}

function namesCovered(declared: readonly string[], register: readonly string[]): boolean {
  const known = new Set(words(register));
  return words(declared).every((word) => known.has(word));
}

/** Partial dates agree when every part both of them know is equal; an invalid one never does. */
export function datesAgree(a: PartialDate, b: PartialDate): boolean {
  return isPartialDate(a) && isPartialDate(b) && arePartialDatesCompatible(a, b);
}
