import {
  SYNTHETIC_FAMILY_NAME,
  SYNTHETIC_SEQUENCE,
  syntheticGivenName,
  syntheticInsz,
} from '../../simulators/magda/src/synthetic-persons';

/**
 * The households a mission registers, made up so that the national register (the MAGDA
 * simulator's synthetic persons) knows every member exactly as declared: names, birth date and
 * gender all follow from the INSZ. Pure and deterministic: household i of a run with a given
 * `firstPerson` is always the same people, so two runs on one mesh use different numbers by
 * giving different `firstPerson` values.
 */

/** Where the households are received and housed: a municipality with DAVINCI course centres. */
export interface Municipality {
  readonly name: string;
  readonly postcode: string;
  readonly nisCode: string;
}

export const MUNICIPALITIES: readonly Municipality[] = [
  { name: 'Gent', postcode: '9000', nisCode: '44021' },
  { name: 'Leuven', postcode: '3000', nisCode: '24062' },
  { name: 'Antwerpen', postcode: '2000', nisCode: '11002' },
  { name: 'Mechelen', postcode: '2800', nisCode: '12025' },
  { name: 'Hasselt', postcode: '3500', nisCode: '71072' },
  { name: 'Brugge', postcode: '8000', nisCode: '31005' },
  { name: 'Kortrijk', postcode: '8500', nisCode: '34022' },
  { name: 'Aalst', postcode: '9300', nisCode: '41002' },
];

export interface MemberSpec {
  readonly role: 'adult' | 'minor';
  readonly familyNames: readonly string[];
  readonly givenNames: readonly string[];
  readonly birthDate: string;
  readonly gender: 'M' | 'F';
  readonly insz: string;
}

export interface HouseholdSpec {
  readonly index: number;
  readonly members: readonly MemberSpec[];
  readonly adults: number;
  readonly minors: number;
}

/** Up to four persons per household: slots in the person-number space. */
const PERSONS_PER_HOUSEHOLD = 4;
const SEQUENCES = SYNTHETIC_SEQUENCE.last - SYNTHETIC_SEQUENCE.first + 1;
/** Adults born from 1970 over 25 years, minors from 2012 over 10 (ages 4 to 14 in 2026). */
const ADULT_BIRTHS = { from: Date.UTC(1970, 0, 1), days: 9_125 };
const MINOR_BIRTHS = { from: Date.UTC(2012, 0, 1), days: 3_650 };

/** Household compositions in turn: 2 adults + 1 minor, 1 + 2, 2 + 0, 1 + 1, 2 + 2, 1 + 0. */
const COMPOSITIONS: readonly (readonly [number, number])[] = [
  [2, 1],
  [1, 2],
  [2, 0],
  [1, 1],
  [2, 2],
  [1, 0],
];

/** Person numbers a run may start from: large enough apart that runs never meet in practice. */
export const PERSON_NUMBER_SPACE = SEQUENCES * MINOR_BIRTHS.days;

export function householdSpec(index: number, firstPerson = 0): HouseholdSpec {
  const [adults, minors] = COMPOSITIONS[index % COMPOSITIONS.length]!;
  const members: MemberSpec[] = [];
  for (let slot = 0; slot < adults + minors; slot++) {
    const person = (firstPerson + index * PERSONS_PER_HOUSEHOLD + slot) % PERSON_NUMBER_SPACE;
    members.push(member(slot < adults ? 'adult' : 'minor', person));
  }
  return { index, members, adults, minors };
}

function member(role: MemberSpec['role'], person: number): MemberSpec {
  const sequence = SYNTHETIC_SEQUENCE.first + (person % SEQUENCES);
  const births = role === 'adult' ? ADULT_BIRTHS : MINOR_BIRTHS;
  const day = Math.floor(person / SEQUENCES) % births.days;
  const birthDate = new Date(births.from + day * 86_400_000).toISOString().slice(0, 10);
  return {
    role,
    familyNames: [SYNTHETIC_FAMILY_NAME],
    givenNames: [syntheticGivenName(sequence)],
    birthDate,
    gender: sequence % 2 === 1 ? 'M' : 'F',
    insz: syntheticInsz(birthDate, sequence),
  };
}

/** The body of POST /api/v1/dossiers: adults want Dutch lessons, minors a school. */
export function dossierRequest(household: HouseholdSpec, municipality: Municipality): unknown {
  return {
    receptionAddress: {
      street: 'Opvangstraat',
      houseNumber: String(1 + (household.index % 200)),
      postcode: municipality.postcode,
    },
    consent: { referralSharing: true, partnerContact: false },
    members: household.members.map((m) => ({
      familyNames: m.familyNames,
      givenNames: m.givenNames,
      birthDate: m.birthDate,
      gender: m.gender,
      nationality: 'UA',
      insz: m.insz,
      languages: ['uk'],
      needs:
        m.role === 'adult'
          ? { dutchLessons: { wanted: true, level: '1.1' } }
          : { education: { alreadyEnrolled: false, desiredForm: 'lager-onderwijs' } },
    })),
  };
}
