import {
  attemptOf,
  decideOnFailure,
  redeliveriesOf,
  settleFailureHoldMs,
  trimStack,
} from './failure-decision';

describe('decideOnFailure', () => {
  it('retries through each tier in turn, then parks: the tiers are spent', () => {
    expect(decideOnFailure(1, 3, false)).toEqual({ action: 'retry', tier: 1, nextAttempt: 2 });
    expect(decideOnFailure(3, 3, false)).toEqual({ action: 'retry', tier: 3, nextAttempt: 4 });
    expect(decideOnFailure(4, 3, false)).toEqual({ action: 'park', reason: 'retries-exhausted' });
    expect(decideOnFailure(1, 0, false)).toEqual({ action: 'park', reason: 'retries-exhausted' });
  });

  it('parks a permanent failure at once, whatever tiers are left', () => {
    expect(decideOnFailure(1, 3, true)).toEqual({ action: 'park', reason: 'handler-rejected' });
  });
});

describe('attemptOf', () => {
  it('reads the attempt header as a number or numeric text; a first delivery is attempt 1', () => {
    expect(attemptOf(undefined)).toBe(1);
    expect(attemptOf({ 'x-toevlucht-attempt': 3 })).toBe(3);
    expect(attemptOf({ 'x-toevlucht-attempt': '4' })).toBe(4);
    expect(attemptOf({ 'x-toevlucht-attempt': 0 })).toBe(1);
    expect(attemptOf({ 'x-toevlucht-attempt': 'two' })).toBe(1);
    expect(attemptOf({ 'x-toevlucht-attempt': 2.5 })).toBe(1);
  });
});

describe('settleFailureHoldMs', () => {
  it('holds 0.25–0.5 s after a first delivery, doubling per redelivery up to 15–30 s', () => {
    const low = () => 0;
    const high = () => 1;
    expect([settleFailureHoldMs(0, low), settleFailureHoldMs(0, high)]).toEqual([250, 500]);
    expect([settleFailureHoldMs(1, low), settleFailureHoldMs(1, high)]).toEqual([500, 1_000]);
    expect([settleFailureHoldMs(5, low), settleFailureHoldMs(5, high)]).toEqual([8_000, 16_000]);
    expect([settleFailureHoldMs(6, low), settleFailureHoldMs(6, high)]).toEqual([15_000, 30_000]);
    expect(settleFailureHoldMs(1_000, high)).toBe(30_000);
    expect(settleFailureHoldMs(-1, high)).toBe(500);
  });

  it('spreads twenty deliveries, the default delivery limit, over minutes rather than a second', () => {
    const shortest = Array.from({ length: 20 }, (_, n) => settleFailureHoldMs(n, () => 0));
    expect(shortest.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(180_000);
  });
});

describe('redeliveriesOf', () => {
  it("takes the quorum queue's delivery count, else the redelivered flag", () => {
    expect(redeliveriesOf({ 'x-delivery-count': 7 }, true)).toBe(7);
    expect(redeliveriesOf({ 'x-delivery-count': 'x' }, true)).toBe(1);
    expect(redeliveriesOf(undefined, false)).toBe(0);
    expect(redeliveriesOf({}, true)).toBe(1);
  });
});

describe('trimStack', () => {
  it('keeps the first lines of a stack', () => {
    const stack = ['Error: x', ...Array.from({ length: 20 }, (_, i) => `    at f${i}`)].join('\n');
    expect(trimStack(stack, 3)).toBe('Error: x\n    at f0\n    at f1');
    expect(trimStack(undefined)).toBeUndefined();
  });
});
