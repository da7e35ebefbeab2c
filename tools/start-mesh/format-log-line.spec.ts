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
    expect(formatLogLine(line)).toBe('02:00:56.590 INFO  registration listening  port=3000');
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
      '02:00:57.000 WARN  broker connection lost  checks={"broker":"down"} err=ECONNRESET',
    );
  });

  it('keeps a line with multi-line values on one line, quoting values with spaces', () => {
    const line = JSON.stringify({
      level: 'error',
      time: '2026-11-29T02:00:58.000Z',
      msg: 'handler failed\nsecond line',
      queue: 'housing.work',
      reason: 'did not match\nthe schema',
      err: { message: 'boom at\nline 2' },
    });
    const formatted = formatLogLine(line);
    expect(formatted).not.toContain('\n');
    expect(formatted).toBe(
      '02:00:58.000 ERROR handler failed\\nsecond line  queue=housing.work reason="did not match\\nthe schema" err="boom at\\nline 2"',
    );
  });

  it('accepts numeric pino levels and epoch timestamps', () => {
    const line = JSON.stringify({ level: 50, time: Date.UTC(2026, 10, 29, 3, 4, 5, 6), msg: 'x' });
    expect(formatLogLine(line)).toBe('03:04:05.006 ERROR x');
  });

  it('leaves lines that are not JSON objects as they are', () => {
    expect(formatLogLine('Invalid configuration for registration:')).toBe(
      'Invalid configuration for registration:',
    );
    expect(formatLogLine('[1,2]')).toBe('[1,2]');
    expect(formatLogLine('{not json')).toBe('{not json');
    expect(formatLogLine('')).toBe('');
  });
});
