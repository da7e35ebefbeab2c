import { Inject, Injectable } from '@nestjs/common';
import { BlindIndex, FieldCipher } from '@toevlucht/security';
import { normaliseNameForMatching } from '../domain/names';
import type { PartialDate } from '../domain/partial-date';

/**
 * The one place registration turns personal values into ciphertexts and blind indexes and back.
 * Each column has its own purpose string, bound into the ciphertext as authenticated data, so a
 * value copied into another column does not decrypt (`encrypted-columns.ts` lists them all for
 * key rotation).
 */
export const PURPOSES = {
  street: 'dossiers.street_enc',
  houseNumber: 'dossiers.house_number_enc',
  box: 'dossiers.box_enc',
  familyNames: 'persons.family_names_enc',
  givenNames: 'persons.given_names_enc',
  insz: 'persons.insz_enc',
  phones: 'persons.phones_enc',
  emails: 'persons.emails_enc',
  historyInsz: 'person_insz_history.insz_enc',
  inszIndex: 'persons.insz_index',
  nameBirthIndex: 'persons.name_birth_index',
} as const;

@Injectable()
export class PersonalDataCodec {
  constructor(
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(BlindIndex) private readonly index: BlindIndex,
  ) {}

  seal(value: string | undefined, purpose: string): string | null {
    return value === undefined ? null : this.cipher.encrypt(value, purpose);
  }

  open(value: string | null, purpose: string): string | undefined {
    return value === null ? undefined : this.cipher.decrypt(value, purpose);
  }

  sealList(values: readonly string[], purpose: string): string | null {
    return values.length === 0 ? null : this.cipher.encrypt(JSON.stringify(values), purpose);
  }

  openList(value: string | null, purpose: string): string[] {
    return value === null ? [] : (JSON.parse(this.cipher.decrypt(value, purpose)) as string[]);
  }

  inszIndex(insz: string): string {
    return this.index.of(insz, PURPOSES.inszIndex);
  }

  /**
   * Family names, first given name and birth date, normalised (case, accents, Cyrillic
   * transliteration): the key of "the same person registered twice" and of name search.
   */
  nameBirthIndex(
    familyNames: readonly string[],
    givenNames: readonly string[],
    birthDate: PartialDate,
  ): string {
    const key = [
      normaliseNameForMatching(familyNames.join(' ')),
      normaliseNameForMatching(givenNames[0] ?? ''),
      birthDate,
    ].join('|');
    return this.index.of(key, PURPOSES.nameBirthIndex);
  }
}
