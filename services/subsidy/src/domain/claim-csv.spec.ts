import { parsePeriod } from './calendar';
import { calculateClaim } from './claim-calculation';
import { claimLinesCsv } from './claim-csv';
import { formatEuro } from './money';

describe('claim CSV', () => {
  const claim = calculateClaim({
    nisCode: '24062',
    period: parsePeriod('2026-10')!,
    stays: [
      {
        stayId: 's1',
        personId: 'p1',
        personKnown: true,
        dossierId: 'd1',
        placeId: 'pl1',
        placeType: 'collective',
        nisCode: '24062',
        from: '2026-10-01',
      },
      {
        stayId: 's2',
        personId: 'p2',
        personKnown: true,
        dossierId: 'd1',
        placeId: 'pl1',
        placeType: 'collective',
        nisCode: '24062',
        from: '2026-10-11',
      },
    ],
    verifications: new Map([
      ['p1', { status: 'verified', referte: '=HYPERLINK("x")', at: '2026-09-01T00:00:00Z' }],
    ]),
    tariffs: [
      {
        id: 't1',
        placeType: 'collective',
        validFrom: '2026-01-01',
        dailyCents: 1_005,
        sequence: 1,
      },
    ],
  });
  const csv = claimLinesCsv(claim.lines, claim.totals);
  const rows = csv.trimEnd().split('\r\n');

  it('has a header, one row per line and a total that matches the claim', () => {
    expect(rows).toHaveLength(4);
    expect(rows[0]!.startsWith('line,stay_id,person_id')).toBe(true);
    expect(rows[1]).toContain(',31,2026-10-01..2026-11-01:31x1005,31155,311.55,true,,verified,');
    expect(rows[2]).toContain(',false,not-verified,');
    expect(rows[3]).toBe(`total,,,,,,,,31,,31155,311.55,,,,,`);
  });

  it('neutralises a value that a spreadsheet would run as a formula', () => {
    expect(rows[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('formats cents as euros without floating point', () => {
    expect(formatEuro(5)).toBe('0.05');
    expect(formatEuro(100)).toBe('1.00');
    expect(formatEuro(123_456_789)).toBe('1234567.89');
  });
});
