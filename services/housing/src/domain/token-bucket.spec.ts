import { TokenBuckets } from './token-bucket';

describe('token buckets', () => {
  it('allows a burst of capacity, then refuses with the wait until one token is back', () => {
    const buckets = new TokenBuckets(3, 0.5);
    expect([0, 0, 0].map(() => buckets.take('a', 1000).allowed)).toEqual([true, true, true]);
    expect(buckets.take('a', 1000)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(buckets.take('a', 2000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('a', 3000).allowed).toBe(true);
    expect(buckets.take('a', 3000).allowed).toBe(false);
  });

  it('keeps clients apart', () => {
    const buckets = new TokenBuckets(1, 1);
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('never refills above capacity', () => {
    const buckets = new TokenBuckets(2, 1);
    buckets.take('a', 0);
    const results = [0, 0, 0].map(() => buckets.take('a', 1_000_000).allowed);
    expect(results).toEqual([true, true, false]);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    const buckets = new TokenBuckets(1, 0.001, 2);
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('a', 1);
    buckets.take('c', 2);
    expect(buckets.size).toBe(2);
    // b was dropped: it starts full again; a was kept: still empty.
    expect(buckets.take('b', 3).allowed).toBe(true);
  });
});
