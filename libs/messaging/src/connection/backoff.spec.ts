import { backoffDelay } from './backoff';

const policy = { initialMs: 250, maxMs: 15_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling with every attempt', () => {
    const highest = () => 1;
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(policy, attempt, highest))).toEqual([
      250, 500, 1000, 2000,
    ]);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(backoffDelay(policy, 10, () => 1)).toBe(15_000);
    expect(backoffDelay(policy, 10_000, () => 1)).toBe(15_000);
  });

  it('spreads delays between zero and the ceiling (full jitter)', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(1000);
  });
});
