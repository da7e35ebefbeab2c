import { checkOffer } from './offer-rules';

const TODAY = '2026-03-01';
const codes = (offer: Parameters<typeof checkOffer>[0]) =>
  checkOffer(offer, TODAY).map((p) => p.code);

describe('offer sanity checks', () => {
  it('accepts a plausible room for three months', () => {
    expect(
      checkOffer(
        {
          type: 'host-family-room',
          capacity: 3,
          availableFrom: '2026-03-10',
          availableUntil: '2026-06-10',
        },
        TODAY,
      ),
    ).toEqual([]);
  });

  it('accepts an open-ended offer', () => {
    expect(codes({ type: 'separate-dwelling', capacity: 5, availableFrom: TODAY })).toEqual([]);
  });

  it('refuses a capacity below one or implausible for the type', () => {
    expect(codes({ type: 'collective', capacity: 0, availableFrom: TODAY })).toEqual([
      'capacity-too-small',
    ]);
    expect(codes({ type: 'host-family-room', capacity: 7, availableFrom: TODAY })).toEqual([
      'capacity-implausible',
    ]);
    expect(codes({ type: 'host-family-room', capacity: 6, availableFrom: TODAY })).toEqual([]);
    expect(codes({ type: 'collective', capacity: 500, availableFrom: TODAY })).toEqual([]);
  });

  it('refuses a reversed, too short or past period', () => {
    expect(
      codes({
        type: 'separate-dwelling',
        capacity: 2,
        availableFrom: '2026-04-01',
        availableUntil: '2026-04-01',
      }),
    ).toEqual(['period-reversed']);
    expect(
      codes({
        type: 'separate-dwelling',
        capacity: 2,
        availableFrom: '2026-04-01',
        availableUntil: '2026-04-28',
      }),
    ).toEqual(['period-too-short']);
    expect(
      codes({
        type: 'separate-dwelling',
        capacity: 2,
        availableFrom: '2026-04-01',
        availableUntil: '2026-04-29',
      }),
    ).toEqual([]);
    expect(
      codes({
        type: 'emergency',
        capacity: 20,
        availableFrom: '2026-04-01',
        availableUntil: '2026-04-08',
      }),
    ).toEqual([]);
    expect(
      codes({
        type: 'separate-dwelling',
        capacity: 2,
        availableFrom: '2025-01-01',
        availableUntil: '2026-02-27',
      }),
    ).toEqual(['period-in-past']);
  });

  it('refuses a start more than a year ahead', () => {
    expect(codes({ type: 'separate-dwelling', capacity: 2, availableFrom: '2027-03-01' })).toEqual(
      [],
    );
    expect(codes({ type: 'separate-dwelling', capacity: 2, availableFrom: '2027-03-02' })).toEqual([
      'start-too-far-ahead',
    ]);
  });
});
