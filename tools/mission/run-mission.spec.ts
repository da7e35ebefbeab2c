import { claimableNowEnv, housingPlan, periodOf } from './run-mission';

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
