import { parsePeriod } from './calendar';
import {
  calculateClaim,
  type ClaimInput,
  type StayFact,
  type VerificationFact,
} from './claim-calculation';
import type { Tariff } from './tariffs';

/** Builders: tests say what differs from an ordinary verified stay in Leuven. */
let counter = 0;
const id = (prefix: string) => `${prefix}-${String(++counter).padStart(4, '0')}`;

function aStay(overrides: Partial<StayFact> = {}): StayFact {
  return {
    stayId: id('stay'),
    personId: id('person'),
    personKnown: true,
    dossierId: 'dossier-1',
    placeId: 'place-1',
    placeType: 'host-family-room',
    nisCode: '24062',
    from: '2026-10-01',
    to: '2026-11-01',
    ...overrides,
  };
}

const verified = (overrides: Partial<VerificationFact> = {}): VerificationFact => ({
  status: 'verified',
  referte: 'magda-ref-1',
  at: '2026-09-30T10:00:00.000Z',
  ...overrides,
});

function tariff(placeType: string, validFrom: string, dailyCents: number, sequence = 1): Tariff {
  return {
    id: `${placeType}@${validFrom}#${sequence}`,
    placeType,
    validFrom,
    dailyCents,
    sequence,
  };
}

const TARIFFS = [
  tariff('host-family-room', '2022-03-01', 1_250),
  tariff('separate-dwelling', '2022-03-01', 2_000),
];

function input(
  stays: StayFact[],
  options: {
    period?: string;
    tariffs?: Tariff[];
    verifications?: Map<string, VerificationFact>;
  } = {},
): ClaimInput {
  return {
    nisCode: '24062',
    period: parsePeriod(options.period ?? '2026-10')!,
    stays,
    tariffs: options.tariffs ?? TARIFFS,
    verifications:
      options.verifications ?? new Map(stays.map((stay) => [stay.personId, verified()])),
  };
}

describe('claim calculation', () => {
  it('prices a verified person-stay as nights × tariff in integer cents', () => {
    const claim = calculateClaim(input([aStay({ from: '2026-10-05', to: '2026-10-15' })]));
    expect(claim.lines).toHaveLength(1);
    expect(claim.lines[0]).toMatchObject({ nights: 10, amountCents: 12_500, included: true });
    expect(claim.totals).toEqual({
      includedLines: 1,
      excludedLines: 0,
      persons: 1,
      nights: 10,
      amountCents: 12_500,
    });
  });

  it('adds up persons × nights × tariff over a household and place types', () => {
    const household = [
      aStay({ placeType: 'host-family-room' }),
      aStay({ placeType: 'host-family-room' }),
      aStay({ placeType: 'separate-dwelling', from: '2026-10-16' }),
    ];
    const claim = calculateClaim(input(household));
    expect(claim.lines.map((l) => l.amountCents)).toEqual([31 * 1_250, 31 * 1_250, 16 * 2_000]);
    expect(claim.totals.amountCents).toBe(2 * 31 * 1_250 + 16 * 2_000);
    expect(claim.totals.nights).toBe(31 + 31 + 16);
    expect(claim.totals.persons).toBe(3);
    // The total is the sum of the lines, to the cent.
    expect(claim.totals.amountCents).toBe(claim.lines.reduce((s, l) => s + l.amountCents, 0));
    for (const line of claim.lines)
      expect(line.amountCents).toBe(line.segments.reduce((s, g) => s + g.amountCents, 0));
  });

  it('claims only the nights of the month for a stay across month boundaries', () => {
    const stay = aStay({ from: '2026-09-20', to: '2026-11-03' });
    const sep = calculateClaim(input([stay], { period: '2026-09' }));
    const oct = calculateClaim(input([stay], { period: '2026-10' }));
    const nov = calculateClaim(input([stay], { period: '2026-11' }));
    expect([sep.totals.nights, oct.totals.nights, nov.totals.nights]).toEqual([11, 31, 2]);
    expect(sep.totals.amountCents + oct.totals.amountCents + nov.totals.amountCents).toBe(
      44 * 1_250,
    );
  });

  it('claims 29 February in a leap year', () => {
    const stay = aStay({ from: '2028-02-01', to: undefined });
    const claim = calculateClaim(input([{ ...stay }], { period: '2028-02' }));
    expect(claim.totals.nights).toBe(29);
    expect(claim.totals.amountCents).toBe(29 * 1_250);
  });

  it('prices each night at the tariff valid that night when the tariff changes mid-month', () => {
    const tariffs = [...TARIFFS, tariff('host-family-room', '2026-10-16', 1_300)];
    const claim = calculateClaim(input([aStay()], { tariffs }));
    expect(claim.lines[0]!.segments).toEqual([
      {
        tariffId: 'host-family-room@2022-03-01#1',
        from: '2026-10-01',
        to: '2026-10-16',
        nights: 15,
        dailyCents: 1_250,
        amountCents: 18_750,
      },
      {
        tariffId: 'host-family-room@2026-10-16#1',
        from: '2026-10-16',
        to: '2026-11-01',
        nights: 16,
        dailyCents: 1_300,
        amountCents: 20_800,
      },
    ]);
    expect(claim.lines[0]!.amountCents).toBe(39_550);
  });

  it('takes the later-recorded tariff when two have the same start (a correction)', () => {
    const tariffs = [
      tariff('host-family-room', '2026-10-01', 9_999, 1),
      tariff('host-family-room', '2026-10-01', 1_400, 2),
    ];
    const claim = calculateClaim(input([aStay()], { tariffs }));
    expect(claim.totals.amountCents).toBe(31 * 1_400);
  });

  it('excludes a line without a tariff for one of its nights, keeping its nights', () => {
    const tariffs = [tariff('host-family-room', '2026-10-10', 1_250)];
    const claim = calculateClaim(input([aStay()], { tariffs }));
    expect(claim.lines[0]).toMatchObject({
      included: false,
      exclusionReason: 'no-tariff',
      nights: 31,
      amountCents: 0,
    });
  });

  it('counts only persons verified in the national register; the others keep their reason', () => {
    const stays = [
      aStay(),
      aStay(),
      aStay(),
      aStay(),
      aStay(),
      aStay(),
      aStay({ personKnown: false }),
    ];
    const [ok, pending, mismatch, notFound, deceased, never, unknown] = stays;
    const verifications = new Map<string, VerificationFact>([
      [ok!.personId, verified()],
      [pending!.personId, verified({ status: 'pending', referte: undefined })],
      [mismatch!.personId, verified({ status: 'mismatch' })],
      [notFound!.personId, verified({ status: 'not-found' })],
      [deceased!.personId, verified({ status: 'deceased' })],
      [unknown!.personId, verified()],
    ]);
    const claim = calculateClaim(input(stays, { verifications }));
    const reason = (stay: StayFact) =>
      claim.lines.find((l) => l.stayId === stay.stayId)!.exclusionReason;
    expect(reason(ok!)).toBeUndefined();
    expect(reason(pending!)).toBe('verification-pending');
    expect(reason(mismatch!)).toBe('verification-mismatch');
    expect(reason(notFound!)).toBe('verification-not-found');
    expect(reason(deceased!)).toBe('verification-deceased');
    expect(reason(never!)).toBe('not-verified');
    expect(reason(unknown!)).toBe('person-unknown');
    expect(claim.totals).toMatchObject({ includedLines: 1, excludedLines: 6, nights: 31 });
    expect(claim.totals.amountCents).toBe(31 * 1_250);
  });

  it('keeps the register evidence (MAGDA Referte) with the line', () => {
    const stay = aStay();
    const evidence = verified({ referte: 'MAGDA-4711', registerNisCode: '24062' });
    const claim = calculateClaim(
      input([stay], { verifications: new Map([[stay.personId, evidence]]) }),
    );
    expect(claim.lines[0]!.verification).toEqual(evidence);
  });

  it('excludes a person the register places in another municipality', () => {
    const stay = aStay();
    const claim = calculateClaim(
      input([stay], {
        verifications: new Map([[stay.personId, verified({ registerNisCode: '11002' })]]),
      }),
    );
    expect(claim.lines[0]!.exclusionReason).toBe('registered-elsewhere');
  });

  it('leaves out stays in other municipalities and stays without nights in the month', () => {
    const claim = calculateClaim(
      input([
        aStay({ nisCode: '11002' }),
        aStay({ from: '2026-09-01', to: '2026-10-01' }),
        aStay({ from: '2026-10-07', to: '2026-10-07' }),
      ]),
    );
    expect(claim.lines).toEqual([]);
    expect(claim.totals.amountCents).toBe(0);
  });

  it('pays a person once for nights where two of their stays overlap', () => {
    const first = aStay({ from: '2026-10-01', to: '2026-10-20' });
    const second = aStay({ personId: first.personId, from: '2026-10-15', to: undefined });
    const later = aStay({ personId: first.personId, from: '2026-10-25', to: undefined });
    const claim = calculateClaim(input([later, second, first]));
    expect(claim.lines.map((l) => [l.stayFrom, l.included, l.exclusionReason])).toEqual([
      ['2026-10-01', true, undefined],
      ['2026-10-15', false, 'overlaps-other-stay'],
      ['2026-10-25', true, undefined],
    ]);
    expect(claim.totals.persons).toBe(1);
  });

  it('is deterministic: the same inputs in any order give the same claim and hash', () => {
    const stays = [aStay(), aStay({ from: '2026-10-03' }), aStay({ from: '2026-10-03' })];
    const a = calculateClaim(input(stays));
    const b = calculateClaim(input([...stays].reverse()));
    expect(b).toEqual(a);
    expect(b.contentHash).toBe(a.contentHash);
    const changed = calculateClaim(input([...stays, aStay({ from: '2026-10-30' })]));
    expect(changed.contentHash).not.toBe(a.contentHash);
  });

  it('keeps money exact for large claims (no floating point drift)', () => {
    const stays = Array.from({ length: 5_000 }, () => aStay());
    const tariffs = [tariff('host-family-room', '2022-01-01', 1_111)];
    const claim = calculateClaim(input(stays, { tariffs }));
    expect(claim.totals.amountCents).toBe(5_000 * 31 * 1_111);
    expect(Number.isSafeInteger(claim.totals.amountCents)).toBe(true);
  });
});
