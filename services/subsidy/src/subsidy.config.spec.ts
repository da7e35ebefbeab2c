import { ConfigError } from '@toevlucht/config';
import { subsidyClock } from './subsidy.config';

const BASE = { now: () => new Date('2026-11-29T10:00:00Z') };

describe('subsidyClock (SUBSIDY_CLOCK_OFFSET_DAYS)', () => {
  it('is the clock itself by default', () => {
    expect(subsidyClock({}, BASE)).toBe(BASE);
    expect(subsidyClock({ SUBSIDY_CLOCK_OFFSET_DAYS: '0' }, BASE)).toBe(BASE);
  });

  it('lives whole days ahead when asked, so the running month has ended', () => {
    const clock = subsidyClock({ SUBSIDY_CLOCK_OFFSET_DAYS: '3' }, BASE);
    expect(clock.now().toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it('refuses anything but whole days, and any offset in production', () => {
    expect(() => subsidyClock({ SUBSIDY_CLOCK_OFFSET_DAYS: '-3' }, BASE)).toThrow(ConfigError);
    expect(() => subsidyClock({ SUBSIDY_CLOCK_OFFSET_DAYS: '1.5' }, BASE)).toThrow(ConfigError);
    expect(() =>
      subsidyClock({ SUBSIDY_CLOCK_OFFSET_DAYS: '3', NODE_ENV: 'production' }, BASE),
    ).toThrow(/SUBSIDY_CLOCK_OFFSET_DAYS: must be 0 in production/);
  });
});
