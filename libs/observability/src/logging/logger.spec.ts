import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { runWithRequestContext } from './request-context';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger({ service: 'registration', version: '1.0.0', level: 'info' }, sink);
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes JSON lines with service, version and level', () => {
    const { logger, lines } = captureLogger();
    logger.info({ dossierId: 'd-1' }, 'dossier registered');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'registration',
        version: '1.0.0',
        dossierId: 'd-1',
        msg: 'dossier registered',
      }),
    ]);
  });

  it('writes [redacted] instead of an INSZ, phone number or e-mail in fields', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      { insz: '85073003328', person: { phone: '+32471234567', email: 'olena@example.org' } },
      'looked up',
    );
    expect(lines[0]).toMatchObject({
      insz: '[redacted]',
      person: { phone: '[redacted]', email: '[redacted]' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/85073003328|471234567|olena@example\.org/);
  });

  it('writes [redacted] instead of personal data in messages, formats and errors', () => {
    const { logger, lines } = captureLogger();
    logger.warn('lookup of %s failed', '85.07.30-033.28');
    logger.error(
      { err: new Error('no answer for olena@example.org on +32 471 23 45 67') },
      'partner error',
    );
    logger.info('sms to 0471 23 45 67 sent');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/85\.07\.30-033\.28|olena@example\.org|471 23 45 67/);
    expect(lines.map((line) => line['msg'])).toEqual([
      'lookup of [redacted] failed',
      'partner error',
      'sms to [redacted] sent',
    ]);
    expect(lines[1]).toMatchObject({ err: { message: 'no answer for [redacted] on [redacted]' } });
  });

  it('adds the request and correlation id of the work in progress', () => {
    const { logger, lines } = captureLogger();
    runWithRequestContext({ requestId: 'req-1', correlationId: 'corr-1' }, () =>
      logger.info('inside'),
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'req-1', correlationId: 'corr-1' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});
