/**
 * The kinds of reception place housing reports (housing.occupancy.changed.v1 `placeType`);
 * each has its own daily tariff.
 */
export const PLACE_TYPES = [
  'host-family-room',
  'separate-dwelling',
  'collective',
  'emergency',
] as const;

export type PlaceType = (typeof PLACE_TYPES)[number];
