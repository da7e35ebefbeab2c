/**
 * At most two active coordinators per local government (the government note's rule). Each
 * active coordinator holds a numbered seat; the database has a unique index on (municipality,
 * seat) among active coordinators, so two concurrent registrations cannot both take the last
 * seat. This picks the seat to try.
 */
export const SEATS_PER_MUNICIPALITY = 2;

export function freeSeat(taken: readonly number[]): number | undefined {
  for (let seat = 1; seat <= SEATS_PER_MUNICIPALITY; seat++) {
    if (!taken.includes(seat)) return seat;
  }
  return undefined;
}
