import type { HealthCheck } from './health-check';
import { assessReadiness } from './readiness';

const up = (name: string): HealthCheck => ({ name, check: () => Promise.resolve() });
const down = (name: string, reason: string): HealthCheck => ({
  name,
  check: () => Promise.reject(new Error(reason)),
});
const hanging = (name: string, aborted: string[]): HealthCheck => ({
  name,
  check: (signal) =>
    new Promise(() => {
      signal.addEventListener('abort', () => aborted.push(name));
    }),
});

describe('assessReadiness', () => {
  it('is ready when every dependency answers', async () => {
    await expect(assessReadiness([up('database'), up('broker')], 100)).resolves.toEqual({
      ready: true,
      checks: { database: { status: 'up' }, broker: { status: 'up' } },
    });
  });

  it('names the failing dependency and why', async () => {
    const report = await assessReadiness([up('database'), down('broker', 'ECONNREFUSED')], 100);
    expect(report).toEqual({
      ready: false,
      checks: { database: { status: 'up' }, broker: { status: 'down', reason: 'ECONNREFUSED' } },
    });
  });

  it('bounds a hanging check by the timeout and aborts it', async () => {
    const aborted: string[] = [];
    const report = await assessReadiness([hanging('database', aborted)], 50);
    expect(report.checks['database']).toEqual({ status: 'down', reason: 'no answer within 50 ms' });
    expect(aborted).toEqual(['database']);
  });

  it('uses the first cause of an AggregateError (how node reports a refused dual-stack connect)', async () => {
    const check: HealthCheck = {
      name: 'database',
      check: () =>
        Promise.reject(new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], '')),
    };
    const report = await assessReadiness([check], 100);
    expect(report.checks['database']).toEqual({
      status: 'down',
      reason: 'connect ECONNREFUSED ::1:5432',
    });
  });

  it('is ready with no dependencies at all', async () => {
    await expect(assessReadiness([], 100)).resolves.toEqual({ ready: true, checks: {} });
  });

  it('reports a degraded dependency with its reason and stays ready', async () => {
    const degraded: HealthCheck = {
      name: 'breaker:partner.Op',
      check: () => Promise.resolve({ degraded: 'circuit breaker open' }),
    };
    await expect(assessReadiness([up('broker'), degraded], 100)).resolves.toEqual({
      ready: true,
      checks: {
        broker: { status: 'up' },
        'breaker:partner.Op': { status: 'degraded', reason: 'circuit breaker open' },
      },
    });
  });
});
