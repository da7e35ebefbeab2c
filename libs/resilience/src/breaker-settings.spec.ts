import { ConfigError } from '@toevlucht/config';
import { DEFAULT_BREAKER, loadBreakerSettings } from './breaker-settings';

describe('loadBreakerSettings', () => {
  it('takes the defaults when nothing is set', () => {
    expect(loadBreakerSettings('magda.GeefPersoon', 'MAGDA', {})).toEqual({
      name: 'magda.GeefPersoon',
      ...DEFAULT_BREAKER,
    });
  });

  it('reads each setting from the prefixed variables', () => {
    const settings = loadBreakerSettings('p.Op', 'PARTNER', {
      PARTNER_BREAKER_TIMEOUT_MS: '2500',
      PARTNER_BREAKER_SLOW_CALL_MS: '1500',
      PARTNER_BREAKER_VOLUME_THRESHOLD: '20',
      PARTNER_BREAKER_ERROR_PERCENTAGE: '40',
      PARTNER_BREAKER_RESET_TIMEOUT_MS: '5000',
      PARTNER_BREAKER_WINDOW_MS: '30000',
      PARTNER_BREAKER_MAX_CONCURRENT: '4',
    });
    expect(settings).toEqual({
      name: 'p.Op',
      timeoutMs: 2500,
      slowCallMs: 1500,
      volumeThreshold: 20,
      errorThresholdPercentage: 40,
      resetTimeoutMs: 5000,
      rollingWindowMs: 30000,
      maxConcurrent: 4,
    });
  });

  it('reads a first reset wait, and cuts a default one to the configured reset timeout', () => {
    const defaults = { ...DEFAULT_BREAKER, resetTimeoutMs: 10_000, firstResetTimeoutMs: 1_000 };
    expect(
      loadBreakerSettings(
        'p.Op',
        'PARTNER',
        { PARTNER_BREAKER_FIRST_RESET_TIMEOUT_MS: '250' },
        defaults,
      ).firstResetTimeoutMs,
    ).toBe(250);
    expect(loadBreakerSettings('p.Op', 'PARTNER', {}, defaults).firstResetTimeoutMs).toBe(1_000);
    expect(
      loadBreakerSettings('p.Op', 'PARTNER', { PARTNER_BREAKER_RESET_TIMEOUT_MS: '400' }, defaults)
        .firstResetTimeoutMs,
    ).toBe(400);
  });

  it('refuses a first reset wait set longer than the reset timeout', () => {
    expect(() =>
      loadBreakerSettings('p.Op', 'PARTNER', {
        PARTNER_BREAKER_RESET_TIMEOUT_MS: '1000',
        PARTNER_BREAKER_FIRST_RESET_TIMEOUT_MS: '2000',
      }),
    ).toThrow(ConfigError);
  });

  it('names every bad variable and never repeats its value', () => {
    let error: unknown;
    try {
      loadBreakerSettings('p.Op', 'PARTNER', {
        PARTNER_BREAKER_ERROR_PERCENTAGE: '150',
        PARTNER_BREAKER_TIMEOUT_MS: 'soon-ish',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PARTNER_BREAKER_ERROR_PERCENTAGE');
    expect(message).toContain('PARTNER_BREAKER_TIMEOUT_MS');
    expect(message).not.toContain('soon-ish');
    expect(message).not.toContain('150');
  });
});
