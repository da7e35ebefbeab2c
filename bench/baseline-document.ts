/**
 * The 1 KB JSON document every baseline moves (published, inserted as JSONB, POSTed), about
 * the size of a three-member registration, so the baselines compare with what the mesh carries.
 */
export function baselineDocument(sequence: number): Record<string, unknown> {
  return {
    sequence,
    kind: 'baseline',
    members: Array.from({ length: 3 }, (_, index) => ({
      index,
      familyNames: ['Baseline'],
      givenNames: [`Member${index}`],
      birthDate: '1990-01-01',
      needs: { dutchLessons: { wanted: index === 0 }, welfare: ['medical-care'] },
      notes: 'x'.repeat(200),
    })),
  };
}

/** Its serialised size, printed next to the figures. */
export const BASELINE_DOCUMENT_BYTES = Buffer.byteLength(JSON.stringify(baselineDocument(0)));
