import { ConfigError } from '@toevlucht/config';
import type { Clock } from '@toevlucht/runtime';

const DAY_MS = 86_400_000;

/**
 * Subsidy's clock. A month is claimed once it has ended, so a mesh started today can only claim
 * the nights it sees next month. SUBSIDY_CLOCK_OFFSET_DAYS (whole days, 0 by default) makes
 * subsidy live that many days ahead: the demo and the whole-mesh suites claim the month in
 * which they placed their households right away. Refused in production, where the date is the
 * date.
 */
export function subsidyClock(env: NodeJS.ProcessEnv, base: Clock): Clock {
  const raw = env['SUBSIDY_CLOCK_OFFSET_DAYS'];
  if (raw === undefined || raw === '' || raw === '0') return base;
  const problem = !/^\d{1,4}$/.test(raw)
    ? 'must be a whole number of days (0-9999)'
    : env['NODE_ENV'] === 'production'
      ? 'must be 0 in production'
      : undefined;
  if (problem !== undefined)
    throw new ConfigError('subsidy', [{ variable: 'SUBSIDY_CLOCK_OFFSET_DAYS', problem }]);
  const offsetMs = Number(raw) * DAY_MS;
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}
