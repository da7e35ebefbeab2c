import { belgianCalendarDay, isMinorOn, isSchoolAgeOn } from '../domain/partial-date';
import type { PersonData, ReceptionAddress } from './dossier.model';

export const REQUESTER = 'registration';

export interface OutgoingCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * What the mesh must find out about a newly registered (or newly identified) person:
 * - with an INSZ: register the person in MAGDA's repertorium, then look them up in the national
 *   register (the order matters; both go out under the person's ordering key);
 * - a minor with an INSZ: their enrolments in Flemish education this school year;
 * - an adult who wants Dutch lessons, with a reception address: course offers nearby.
 * Pure: the caller writes these to the outbox in the transaction that stores the person.
 */
export function followUpCommands(
  personId: string,
  person: PersonData,
  address: ReceptionAddress | undefined,
  today: Date,
): OutgoingCommand[] {
  const commands: OutgoingCommand[] = [];
  const subject = { subjectRef: personId, requester: REQUESTER };
  if (person.insz !== undefined) {
    commands.push(...identityCommands(personId, person.insz, today));
    const minor = isMinorOn(person.birthDate, today);
    if (minor === true || isSchoolAgeOn(person.birthDate, today)) {
      commands.push({
        type: 'magda.onderwijs.enrolment-history.lookup.v1',
        data: { ...subject, insz: person.insz, period: schoolYearSoFar(today) },
      });
    }
  }
  if (person.needs.dutchLessons?.wanted === true && address !== undefined) {
    commands.push(courseSearch(personId, address.postcode, person.needs.dutchLessons.level));
  }
  return commands;
}

export function identityCommands(personId: string, insz: string, today: Date): OutgoingCommand[] {
  const subject = { subjectRef: personId, requester: REQUESTER, insz };
  return [
    {
      type: 'rijksregister.person.register.v1',
      data: { ...subject, period: { begin: isoDate(today) } },
    },
    { type: 'rijksregister.person.lookup.v1', data: subject },
  ];
}

/** Stop following a number at MAGDA (the person left, or the number was corrected). */
export function unregister(personId: string, insz: string): OutgoingCommand {
  return {
    type: 'rijksregister.person.unregister.v1',
    data: { subjectRef: personId, requester: REQUESTER, insz },
  };
}

export function courseSearch(
  personId: string,
  postcode: string,
  level: string | undefined,
): OutgoingCommand {
  return {
    type: 'davinci.course-offers.search.v1',
    data: {
      subjectRef: personId,
      requester: REQUESTER,
      postcode,
      ...(level === undefined ? {} : { level }),
      maxResults: 10,
    },
  };
}

/** From 1 September of the running school year until today (the Brussels calendar day). */
export function schoolYearSoFar(today: Date): { begin: string; end: string } {
  const day = belgianCalendarDay(today);
  const year = day.month >= 9 ? day.year : day.year - 1;
  return { begin: `${year}-09-01`, end: isoDate(today) };
}

/** Today's date in Brussels as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  const day = belgianCalendarDay(date);
  return `${String(day.year).padStart(4, '0')}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}
