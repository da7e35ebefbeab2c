import { formatLogLine } from './format-log-line';

describe('formatLogLine', () => {
  it('shows a JSON log line as time, level, message and the remaining fields', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-11-29T02:00:56.590Z',
      service: 'registration',
      version: '0.1.0',
      pid: 7766,
      port: 3000,
      msg: 'registration listening',
    });
    expect(formatLogLine(line)).toBe('02:00:56.590 INFO  registration listening port=3000');
  });

  it('shows an error by its message, and structured fields as JSON', () => {
    const line = JSON.stringify({
      level: 'warn',
      time: '2026-11-29T02:00:57.000Z',
      msg: 'broker connection lost',
      checks: { broker: 'down' },
      err: { type: 'Error', message: 'ECONNRESET', stack: 'Error: ECONNRESET\n    at x' },
    });
    expect(formatLogLine(line)).toBe(
      '02:00:57.000 WARN  broker connection lost checks={"broker":"down"} err="ECONNRESET"',
    );
  });

  it('leaves lines that are not JSON objects as they are', () => {
    expect(formatLogLine('Invalid configuration for registration:')).toBe(
      'Invalid configuration for registration:',
    );
    expect(formatLogLine('[1,2]')).toBe('[1,2]');
  });
});
