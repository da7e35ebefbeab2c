import type { SimulatedPerson } from './simulated-person';
import { syntheticPerson } from './synthetic-persons';

export type { SimulatedPerson };

const gent = {
  street: 'Voorbeeldstraat',
  houseNumber: '12',
  postcode: '9000',
  municipality: 'Gent',
  nisCode: '44021',
  since: '2024-03-01',
};

/**
 * The simulator's seeded test persons: deterministic, fictitious. Their INSZ numbers use the
 * MAGDA mock's convention (month + 60 or more) so they can never be real national numbers;
 * BIS numbers use month + 40 and are asked at the KSZ.
 */
export const PERSONS: readonly SimulatedPerson[] = [
  // A household: two adults and two school-age children at one address.
  {
    insz: '85650100153',
    familyName: 'Testpersoon',
    givenNames: ['Olena'],
    gender: '2',
    birthDate: '1985-05-01',
    nationalityCode: '251',
    bron: 'RR',
    address: gent,
    enrolments: [
      {
        instelling: '126541',
        naam: 'Centrum voor Basiseducatie Gent',
        bron: 'VWO',
        begin: '2024-09-01',
      },
    ],
  },
  {
    insz: '83660200264',
    familyName: 'Testpersoon',
    givenNames: ['Andrii', 'Petro'],
    gender: '1',
    birthDate: '1983-00-00',
    nationalityCode: '251',
    bron: 'RR',
    address: gent,
  },
  {
    insz: '15610300318',
    familyName: 'Testpersoon',
    givenNames: ['Sofiia'],
    gender: '2',
    birthDate: '2015-01-03',
    nationalityCode: '251',
    bron: 'RR',
    address: gent,
    enrolments: [
      { instelling: '012345', naam: 'Basisschool De Regenboog', bron: 'LP', begin: '2024-09-01' },
    ],
  },
  {
    insz: '17620400421',
    familyName: 'Testpersoon',
    givenNames: ['Maksym'],
    gender: '1',
    birthDate: '2017-02-04',
    nationalityCode: '251',
    bron: 'RR',
    address: gent,
  },
  // An adult known only by a BIS number.
  {
    insz: '90450100127',
    familyName: 'Bisnummer',
    givenNames: ['Amina'],
    gender: '2',
    birthDate: '1990-05-01',
    nationalityCode: '251',
    bron: 'KSZ',
  },
  // Deceased.
  {
    insz: '40620500491',
    familyName: 'Overleden',
    givenNames: ['Jozef'],
    gender: '1',
    birthDate: '1940-02-05',
    nationalityCode: '150',
    bron: 'RR',
    deceasedOn: '2025-11-02',
    address: { ...gent, houseNumber: '99' },
  },
  // A BIS number replaced by a national number.
  {
    insz: '88460100111',
    familyName: 'Nieuwnummer',
    givenNames: ['Yusuf'],
    gender: '1',
    birthDate: '1988-06-01',
    nationalityCode: '251',
    bron: 'KSZ',
    newInsz: '88660100135',
  },
  // A minor without enrolments.
  {
    insz: '19630600532',
    familyName: 'Zonderschool',
    givenNames: ['Lina'],
    gender: '2',
    birthDate: '2019-03-06',
    nationalityCode: '251',
    bron: 'RR',
    address: gent,
  },
];

/** INSZ numbers that answer with a fixed MAGDA code (answer level) instead of a person. */
export const CODED_ANSWERS: Readonly<
  Record<string, { code: string; origin: string; diagnose: string }>
> = {
  '74612515806': { code: '30001', origin: 'RR', diagnose: 'Geen gegevens gevonden voor de vraag' },
  '11111111111': { code: '20002', origin: 'MAGDA', diagnose: 'INSZ ongeldig' },
  '22222222222': { code: '30003', origin: 'RR', diagnose: 'INSZ onbekend' },
  '33333333333': {
    code: '13202',
    origin: 'MAGDA',
    diagnose: 'Persoon niet ingeschreven in het repertorium',
  },
};

/** A seeded person, or a synthetic one (synthetic-persons.ts) when the number is one of theirs. */
export function findPerson(insz: string): SimulatedPerson | undefined {
  return PERSONS.find((person) => person.insz === insz) ?? syntheticPerson(insz);
}
