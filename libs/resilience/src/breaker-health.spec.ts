import { Breaker } from './breaker';
import { breakerHealthCheck } from './breaker-health';

describe('breakerHealthCheck', () => {
  it('is up while closed and degraded, not down, while open', async () => {
    const breaker = new Breaker({
      settings: {
        name: 'partner.Op',
        timeoutMs: 1_000,
        slowCallMs: 1_000,
        volumeThreshold: 1,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 60_000,
        rollingWindowMs: 10_000,
        maxConcurrent: 1,
      },
    });
    const check = breakerHealthCheck(breaker);
    expect(check.name).toBe('breaker:partner.Op');
    await expect(check.check(new AbortController().signal)).resolves.toBeUndefined();
    await expect(breaker.call(() => Promise.reject(new Error('down')))).rejects.toThrow();
    await expect(check.check(new AbortController().signal)).resolves.toEqual({
      degraded: expect.stringContaining('open') as string,
    });
    breaker.shutdown();
  });
});
