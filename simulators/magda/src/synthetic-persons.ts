import type { SimulatedPerson } from './simulated-person';

/**
 * Test persons made up on demand, for flows with hundreds of households (the demo, the
 * end-to-end, fault-injection and flow-benchmark suites): every INSZ in the MAGDA mock's
 * convention (birth month + 60, so never a real national number) with valid check digits and a
 * sequence number from 900 to 997 is a person the simulator knows. Everything about them follows
 * from the number, so a client can register exactly what the register will answer:
 * family name `Proefpersoon`, a given name chosen by the sequence number, the birth date and
 * gender the number encodes (odd: man, even: woman), no main address yet (newly arrived: so a
 * flow may house them in any municipality), and, below 18, enrolled in a primary or secondary
 * school since the start of the school year.
 */

export const SYNTHETIC_FAMILY_NAME = 'Proefpersoon';
export const SYNTHETIC_SEQUENCE = { first: 900, last: 997 } as const;

const WOMEN = ['Oksana', 'Iryna', 'Kateryna', 'Natalia', 'Yulia', 'Daria', 'Sofiia'];
const MEN = ['Ivan', 'Dmytro', 'Oleksandr', 'Mykola', 'Serhii', 'Artem', 'Bohdan'];

/** The given name the register holds for a synthetic person with this sequence number. */
export function syntheticGivenName(sequence: number): string {
  const names = sequence % 2 === 1 ? MEN : WOMEN;
  return names[Math.floor(sequence / 2) % names.length]!;
}

/** The INSZ of the synthetic person born on `birthDate` (YYYY-MM-DD) with this sequence number. */
export function syntheticInsz(birthDate: string, sequence: number): string {
  const match = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (match === null) throw new Error('birthDate must be YYYY-MM-DD');
  if (sequence < SYNTHETIC_SEQUENCE.first || sequence > SYNTHETIC_SEQUENCE.last)
    throw new Error(`sequence must be ${SYNTHETIC_SEQUENCE.first}..${SYNTHETIC_SEQUENCE.last}`);
  const [, century, year, month, day] = match;
  const base = `${year}${Number(month) + 60}${day}${String(sequence).padStart(3, '0')}`;
  const check = 97 - Number(BigInt(century === '19' ? base : `2${base}`) % 97n);
  return `${base}${String(check).padStart(2, '0')}`;
}

/** The synthetic person behind an INSZ, or undefined when the number is not one of theirs. */
export function syntheticPerson(insz: string, today = new Date()): SimulatedPerson | undefined {
  if (!/^\d{11}$/.test(insz)) return undefined;
  const base = insz.slice(0, 9);
  const check = Number(insz.slice(9));
  const month = Number(insz.slice(2, 4)) - 60;
  const sequence = Number(insz.slice(6, 9));
  if (month < 1 || month > 12) return undefined;
  if (sequence < SYNTHETIC_SEQUENCE.first || sequence > SYNTHETIC_SEQUENCE.last) return undefined;
  let century: string;
  if (97 - Number(BigInt(base) % 97n) === check) century = '19';
  else if (97 - Number(BigInt(`2${base}`) % 97n) === check) century = '20';
  else return undefined;
  const birthDate = `${century}${insz.slice(0, 2)}-${String(month).padStart(2, '0')}-${insz.slice(4, 6)}`;
  if (Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`))) return undefined;
  const minor = ageOn(birthDate, today) < 18;
  return {
    insz,
    familyName: SYNTHETIC_FAMILY_NAME,
    givenNames: [syntheticGivenName(sequence)],
    gender: sequence % 2 === 1 ? '1' : '2',
    birthDate,
    nationalityCode: '251',
    bron: 'RR',
    ...(minor ? { enrolments: [schoolOf(birthDate, today)] } : {}),
  };
}

function ageOn(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const had =
    today.getUTCMonth() + 1 > month ||
    (today.getUTCMonth() + 1 === month && today.getUTCDate() >= day);
  return today.getUTCFullYear() - year - (had ? 0 : 1);
}

/** Enrolled since 1 September of the running school year, primary below 12, else secondary. */
function schoolOf(
  birthDate: string,
  today: Date,
): NonNullable<SimulatedPerson['enrolments']>[number] {
  const year = today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const begin = `${year}-09-01`;
  return ageOn(birthDate, today) < 12
    ? { instelling: '012345', naam: 'Basisschool De Regenboog', bron: 'LP', begin }
    : { instelling: '023456', naam: 'Atheneum Gent', bron: 'LP', begin };
}
