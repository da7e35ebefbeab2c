import { confirmationReference } from './confirmation-reference';
import { freeSeat } from './coordinator-seats';
import { rankPlaces, type PlaceCandidate } from './place-choice';

describe('coordinator seats', () => {
  it('gives seat 1, then 2, then none; a freed seat is given again', () => {
    expect(freeSeat([])).toBe(1);
    expect(freeSeat([1])).toBe(2);
    expect(freeSeat([1, 2])).toBeUndefined();
    expect(freeSeat([2])).toBe(1);
  });
});

describe('confirmation reference', () => {
  it('is HV- and two groups of four Crockford characters', () => {
    expect(confirmationReference(new Uint8Array([0, 0, 0, 0, 0]))).toBe('HV-0000-0000');
    expect(confirmationReference(new Uint8Array([255, 255, 255, 255, 255]))).toBe('HV-ZZZZ-ZZZZ');
    expect(confirmationReference(new Uint8Array([1, 2, 3, 4, 5]))).toMatch(
      /^HV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
    );
  });
});

describe('place choice', () => {
  const place = (
    id: string,
    nisCode: string,
    capacity: number,
    occupants: number,
    accessible = false,
  ): PlaceCandidate => ({
    id,
    nisCode,
    capacity,
    occupants,
    accessible,
  });
  const places = [
    place('a', '24062', 4, 0),
    place('b', '24062', 4, 2),
    place('c', '11002', 6, 0, true),
    place('d', '11002', 2, 1),
  ];

  it('keeps only places with room for the whole household, fullest first', () => {
    expect(
      rankPlaces(places, { size: 2, preferredNisCodes: [], needsAccessibility: false }).map(
        (p) => p.id,
      ),
    ).toEqual(['b', 'a', 'c']);
  });

  it('follows the preferred municipalities in order and only those', () => {
    expect(
      rankPlaces(places, {
        size: 1,
        preferredNisCodes: ['11002', '24062'],
        needsAccessibility: false,
      }).map((p) => p.id),
    ).toEqual(['d', 'c', 'b', 'a']);
    expect(
      rankPlaces(places, { size: 1, preferredNisCodes: ['44021'], needsAccessibility: false }),
    ).toEqual([]);
  });

  it('offers only accessible places to a household that needs one', () => {
    expect(
      rankPlaces(places, { size: 1, preferredNisCodes: [], needsAccessibility: true }).map(
        (p) => p.id,
      ),
    ).toEqual(['c']);
  });
});
