import { ageBandOn, type PartialDate } from '../domain/partial-date';

/** One age band per member, the only age information the dossier events carry. */
export function ageBandsOf(members: readonly { birthDate: PartialDate }[], today: Date): string[] {
  return members.map((member) => ageBandOn(member.birthDate, today));
}
