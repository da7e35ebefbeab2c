import { asArray, attribute, text } from '@toevlucht/magda';
import { toPartialDate } from '@toevlucht/magda';

/** What consumers of `rijksregister.person.looked-up.v1` get: only what they use. */
export interface RegisteredPerson {
  familyNames: string[];
  givenNames: string[];
  birthDate?: string;
  gender: 'M' | 'F' | 'X' | 'unknown';
  nationalities?: string[];
  register: 'rijksregister' | 'bis';
  mainAddress?: {
    street?: string;
    houseNumber?: string;
    box?: string;
    postcode?: string;
    municipality?: string;
    nisCode: string;
    since?: string;
  };
  deceased?: { date?: string };
}

/**
 * NIS country codes (the register's nationality codes) we translate to ISO 3166-1 alpha-2.
 * Only codes we have seen with their ISO code in MAGDA answers; others are left out rather
 * than guessed (refugee codes such as 822 have no ISO equivalent at all).
 */
const NIS_TO_ISO: Readonly<Record<string, string>> = {
  '150': 'BE',
  '251': 'AF',
};

const GENDERS: Readonly<Record<string, RegisteredPerson['gender']>> = {
  '1': 'M',
  '2': 'F',
  '3': 'X',
};

/** Maps a GeefPersoon `Persoon` (as the soap client parses it) to our person. */
export function toRegisteredPerson(persoon: Record<string, unknown>): RegisteredPerson {
  const naam = persoon['Naam'] as Record<string, Record<string, unknown> | undefined> | undefined;
  const names = (list: unknown, key: string) =>
    asArray((list as Record<string, unknown> | undefined)?.[key])
      .map((name) => text(name)?.trim())
      .filter((name): name is string => name !== undefined && name !== '');
  const person: RegisteredPerson = {
    familyNames: names(naam?.['Achternamen'], 'Achternaam'),
    givenNames: names(naam?.['Voornamen'], 'Voornaam'),
    gender:
      GENDERS[text((persoon['Geslacht'] as { Code?: unknown } | undefined)?.Code) ?? ''] ??
      'unknown',
    register: attribute(persoon, 'Bron') === 'KSZ' ? 'bis' : 'rijksregister',
  };
  const birthDate = toPartialDate(
    text((persoon['Geboorte'] as { Datum?: unknown } | undefined)?.Datum),
  );
  if (birthDate !== undefined) person.birthDate = birthDate;
  const nationalities = asArray(
    (persoon['Nationaliteiten'] as { Nationaliteit?: unknown } | undefined)?.Nationaliteit,
  )
    .map((nationality) => NIS_TO_ISO[text((nationality as { Code?: unknown }).Code) ?? ''])
    .filter((iso): iso is string => iso !== undefined);
  if (nationalities.length > 0) person.nationalities = [...new Set(nationalities)];
  const address = mainAddress(persoon['Adressen']);
  if (address !== undefined) person.mainAddress = address;
  const overlijden = asArray(persoon['Overlijden'])[0] as Record<string, unknown> | undefined;
  if (overlijden !== undefined) {
    const date = toPartialDate(text(overlijden['Datum']) ?? attribute(overlijden, 'DatumBegin'));
    person.deceased = date === undefined ? {} : { date };
  }
  return person;
}

function mainAddress(adressen: unknown): RegisteredPerson['mainAddress'] {
  const place = asArray(
    (adressen as { Hoofdverblijfplaats?: unknown } | undefined)?.Hoofdverblijfplaats,
  )[0] as Record<string, unknown> | undefined;
  if (place === undefined) return undefined;
  const nisCode = text(place['NISCodeGemeente']);
  // Without a Belgian municipality code the address is of no use to consumers (subsidy checks it).
  if (nisCode === undefined || !/^\d{5}$/.test(nisCode)) return undefined;
  const translated = (value: unknown) =>
    text((value as { String?: unknown } | undefined)?.String) ?? text(value);
  const address: NonNullable<RegisteredPerson['mainAddress']> = { nisCode };
  const street = translated(place['Straatnaam']);
  if (street !== undefined && street.trim() !== '') address.street = street.trim();
  const houseNumber = text(place['Huisnummer']);
  if (houseNumber !== undefined) address.houseNumber = houseNumber;
  const box = text(place['Busnummer']);
  if (box !== undefined) address.box = box;
  const postcode = text(place['Postcode']);
  if (postcode !== undefined && /^\d{4}$/.test(postcode)) address.postcode = postcode;
  const municipality = translated(place['Gemeentenaam']);
  if (municipality !== undefined && municipality.trim() !== '')
    address.municipality = municipality.trim();
  const since = toPartialDate(attribute(place, 'DatumBegin'));
  if (since !== undefined) address.since = since;
  return address;
}
