import type { MissionClient } from './mission-client';
import { claimableNowEnv, housingPlan, periodOf, runMission } from './run-mission';

describe('housingPlan', () => {
  it('houses a few households in one dwelling of exactly their size', () => {
    expect(housingPlan(10)).toEqual([{ type: 'separate-dwelling', capacity: 10 }]);
  });

  it('takes collective places with room for the beds a fullest-first placement cannot use', () => {
    expect(housingPlan(13)).toEqual([{ type: 'collective', capacity: 500 }]);
    expect(housingPlan(497)).toHaveLength(1);
    expect(housingPlan(498)).toHaveLength(2);
    expect(housingPlan(660)).toHaveLength(2);
  });
});

describe('claimableNowEnv', () => {
  it('moves subsidy to the first day of next month, so the running month has ended', () => {
    expect(claimableNowEnv(new Date('2026-11-29T23:30:00Z'))).toEqual({
      SUBSIDY_CLOCK_OFFSET_DAYS: '2',
    });
    expect(claimableNowEnv(new Date('2026-11-30T00:00:00Z'))).toEqual({
      SUBSIDY_CLOCK_OFFSET_DAYS: '1',
    });
    expect(claimableNowEnv(new Date('2028-02-01T08:00:00Z'))).toEqual({
      SUBSIDY_CLOCK_OFFSET_DAYS: '29',
    });
    expect(periodOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });
});

describe('runMission pacing', () => {
  /** A client that answers at once and notes when each household was registered. */
  function instantClient(registeredAt: Map<number, number>): MissionClient {
    const client = {
      prepareMunicipality: () => Promise.resolve({ coordinator: 'c' }),
      offerHousing: (_m: unknown, type: string, capacity: number) =>
        Promise.resolve({
          offerId: 'o',
          reference: 'r',
          placeId: 'p',
          capacity,
          type,
          statuses: [],
        }),
      registerHousehold: (spec: { index: number }) => {
        registeredAt.set(spec.index, Date.now());
        return Promise.resolve({
          index: spec.index,
          dossierId: `d${spec.index}`,
          personIds: [],
          adults: 1,
          minors: 0,
        });
      },
      awaitChecks: (household: { dossierId: string }) =>
        Promise.resolve({ dossierId: household.dossierId, verification: { verified: 1 } }),
      placeHousehold: (dossierId: string) => Promise.resolve({ dossierId }),
    };
    return client as unknown as MissionClient;
  }

  it('registers household i no earlier than i × paceMs after the start, whatever the concurrency', async () => {
    const registeredAt = new Map<number, number>();
    const started = Date.now();
    const report = await runMission(instantClient(registeredAt), {
      households: 5,
      concurrency: 5,
      paceMs: 40,
      skipClaim: true,
    });
    expect(report.households.every((household) => household.placement !== undefined)).toBe(true);
    for (const [index, at] of registeredAt) {
      // Timers may fire a millisecond early; never a whole pace early.
      expect(at - started).toBeGreaterThanOrEqual(index * 40 - 5);
    }
    expect(registeredAt.size).toBe(5);
  });
});
