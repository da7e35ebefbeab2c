import { ordersToBatch } from './batch-policy';

const policy = { maxSize: 50, maxWaitMs: 1_000 };
const now = new Date('2026-03-02T10:00:10Z');

describe('ordersToBatch', () => {
  it('cuts a full file at once', () => {
    expect(ordersToBatch(policy, 120, now, now)).toBe(50);
  });

  it('waits while the oldest order is younger than the maximum wait', () => {
    expect(ordersToBatch(policy, 7, new Date('2026-03-02T10:00:09.500Z'), now)).toBe(0);
  });

  it('sends what there is once the oldest order has waited long enough', () => {
    expect(ordersToBatch(policy, 7, new Date('2026-03-02T10:00:09Z'), now)).toBe(7);
  });

  it('cuts nothing when nothing is pending', () => {
    expect(ordersToBatch(policy, 0, undefined, now)).toBe(0);
  });
});
