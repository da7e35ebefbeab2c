import type { ServiceDescriptor } from '@toevlucht/config';
import { describeError, exitDescription, notReadyReport, readySummary } from './report';

const REGISTRATION: ServiceDescriptor = { name: 'registration', defaultPort: 3000, database: 'r' };
const HOUSING: ServiceDescriptor = { name: 'housing', defaultPort: 3001, database: 'h' };

describe('readySummary', () => {
  it('lists each service with its readiness and metrics URLs, and the gateway', () => {
    const lines = readySummary([REGISTRATION, HOUSING], 6_420);
    expect(lines).toContain('Toevlucht is up: 2 services ready in 6.4 s');
    expect(lines).toContain(
      '  housing       http://127.0.0.1:3001/health/ready  http://127.0.0.1:3001/metrics',
    );
    expect(lines).toContain(
      'Gateway: registration at http://127.0.0.1:3000 (API documentation: http://127.0.0.1:3000/docs)',
    );
  });

  it('does not mention a gateway that was not started', () => {
    const lines = readySummary([HOUSING], 1_000);
    expect(lines).toContain('Toevlucht is up: 1 service ready in 1.0 s');
    expect(lines.join('\n')).not.toContain('Gateway');
  });
});

describe('notReadyReport', () => {
  it('names each pending service with its last answer on one clipped line', () => {
    const body = `503 ${JSON.stringify({ status: 'not ready', detail: 'x'.repeat(400) })}`;
    const lines = notReadyReport(new Map([[HOUSING, body]]), 60_000);
    expect(lines[1]).toMatch(/^Not ready after 60 s: housing\./);
    expect(lines[2]).toMatch(/^ {2}housing {2}503 \{"status":"not ready"/);
    expect(lines[2]!.length).toBeLessThan(320);
  });
});

describe('exitDescription', () => {
  it('explains configuration errors and signals', () => {
    expect(exitDescription(1)).toBe('exit code 1');
    expect(exitDescription(78)).toContain('configuration error');
    expect(exitDescription(137)).toBe('exit code 137: killed by signal 9');
  });
});

describe('describeError', () => {
  it('falls back to the code or the first inner error when the message is empty', () => {
    const refused = Object.assign(new Error(''), { code: 'ECONNREFUSED' });
    expect(describeError(refused)).toBe('ECONNREFUSED');
    expect(describeError(new AggregateError([new Error('connect ECONNREFUSED ::1')], ''))).toBe(
      'connect ECONNREFUSED ::1',
    );
    expect(describeError('plain')).toBe('plain');
  });
});
