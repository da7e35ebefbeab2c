import { asArray, firstAnswer, issuesOf, text, type Repliek } from '@toevlucht/magda';
import { NOT_FOUND_CODES, PERMANENT_CODES, TRANSIENT_CODES } from '@toevlucht/magda';
import { toPartialDate } from '@toevlucht/magda';

export interface Enrolment {
  source: 'LP' | 'HO' | 'VWO' | 'INT';
  institutionNumber: string;
  institutionName?: string;
  level?: string;
  begin: string;
  end?: string;
  status?: string;
}

export type EnrolmentHistoryOutcome =
  | { kind: 'retrieved'; enrolments: Enrolment[] }
  | { kind: 'failed'; code: string; origin: string; reason: string }
  | { kind: 'retry'; code: string; origin: string };

export interface HistoriekInhoud {
  readonly Inschrijvingen?: { readonly Inschrijving?: unknown };
}

type Node = Record<string, unknown> | undefined;
const node = (value: unknown): Node =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
const SOURCES = new Set(['LP', 'HO', 'VWO', 'INT']);
const BLOCKS: Readonly<Record<Enrolment['source'], string>> = {
  LP: 'LeerplichtOnderwijs',
  HO: 'HogerOnderwijs',
  VWO: 'Volwassenenonderwijs',
  INT: 'Internaat',
};

/**
 * Reads a GeefHistoriekInschrijving Repliek. A transient code anywhere: ask again later. No
 * data from a source (30001/30101, e.g. DAVINCI having nothing) is an answer: the enrolments
 * the other sources gave, possibly none. Other errors (FOUT) fail the lookup.
 */
export function interpretEnrolmentHistory(
  repliek: Repliek<HistoriekInhoud>,
): EnrolmentHistoryOutcome {
  const issues = issuesOf(repliek);
  const transient = issues.find((issue) => TRANSIENT_CODES.has(issue.code));
  if (transient !== undefined)
    return { kind: 'retry', code: transient.code, origin: transient.origin };
  const error = issues.find((issue) => issue.type === 'FOUT' && !NOT_FOUND_CODES.has(issue.code));
  if (error !== undefined) {
    return {
      kind: 'failed',
      code: error.code,
      origin: error.origin,
      reason: PERMANENT_CODES.has(error.code)
        ? `MAGDA refused the question (${error.code})`
        : `MAGDA error ${error.code} from ${error.origin}`,
    };
  }
  const inschrijvingen = asArray(firstAnswer(repliek)?.Inhoud?.Inschrijvingen?.Inschrijving);
  return {
    kind: 'retrieved',
    enrolments: inschrijvingen.flatMap((inschrijving) => {
      const enrolment = toEnrolment(node(inschrijving));
      return enrolment === undefined ? [] : [enrolment];
    }),
  };
}

function toEnrolment(inschrijving: Node): Enrolment | undefined {
  const source = text(inschrijving?.['Bron']);
  const instelling = node(inschrijving?.['Instelling']);
  const institutionNumber = text(instelling?.['Instellingsnummer']);
  if (source === undefined || !SOURCES.has(source) || institutionNumber === undefined)
    return undefined;
  const block = node(inschrijving?.[BLOCKS[source as Enrolment['source']]]);
  const groups = asArray(block?.['InschrijvingAdministratieveGroep']).map(node);
  const begin =
    toPartialDate(text(block?.['DatumInschrijving'])) ??
    toPartialDate(text(node(groups[0]?.['Periode'])?.['Begin']));
  // An enrolment without a start date tells the requester nothing usable.
  if (begin === undefined) return undefined;
  const enrolment: Enrolment = { source: source as Enrolment['source'], institutionNumber, begin };
  const name = text(instelling?.['OfficieleNaam']);
  if (name !== undefined) enrolment.institutionName = name.slice(0, 300);
  const level =
    text(node(node(node(groups[0]?.['AdministratieveGroep'])?.['Niveau']))?.['Omschrijving']) ??
    text(node(block?.['Opleiding'])?.['Naam']);
  if (level !== undefined) enrolment.level = level.slice(0, 200);
  const end =
    toPartialDate(text(block?.['DatumUitschrijving'])) ??
    toPartialDate(text(node(groups[groups.length - 1]?.['Periode'])?.['Einde']));
  if (end !== undefined) enrolment.end = end;
  const status = text(node(block?.['Status'])?.['Code']);
  if (status !== undefined) enrolment.status = status.slice(0, 100);
  return enrolment;
}
