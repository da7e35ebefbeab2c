/**
 * Which reception places to try for a household, best first: only places that take placements
 * and have room for the whole household (a household is never split), accessible ones when the
 * household needs it, the preferred municipalities in the order given, then the fullest place
 * first so larger places stay free for larger households. The database has the last word: a
 * place that filled up meanwhile simply refuses the update and the next one is tried.
 */
export interface PlaceCandidate {
  readonly id: string;
  readonly nisCode: string;
  readonly capacity: number;
  readonly occupants: number;
  readonly accessible: boolean;
}

export interface HouseholdNeeds {
  readonly size: number;
  readonly preferredNisCodes: readonly string[];
  readonly needsAccessibility: boolean;
}

export function rankPlaces(
  places: readonly PlaceCandidate[],
  needs: HouseholdNeeds,
): PlaceCandidate[] {
  const preference = (nis: string) => {
    const index = needs.preferredNisCodes.indexOf(nis);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return places
    .filter((p) => p.capacity - p.occupants >= needs.size)
    .filter((p) => !needs.needsAccessibility || p.accessible)
    .filter(
      (p) => needs.preferredNisCodes.length === 0 || needs.preferredNisCodes.includes(p.nisCode),
    )
    .sort(
      (a, b) =>
        preference(a.nisCode) - preference(b.nisCode) ||
        a.capacity - a.occupants - (b.capacity - b.occupants) ||
        a.id.localeCompare(b.id),
    );
}
