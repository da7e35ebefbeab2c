import pino, { type Logger, type LoggerOptions } from 'pino';
import { redactPersonalData, scrubPersonalData } from './redaction';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

export interface LoggerSettings {
  readonly service: string;
  readonly version: string;
  readonly level: string;
}

/**
 * The one way a Toevlucht process gets a logger: JSON lines on stdout, the service's name and
 * version on every line, the current request/correlation ids mixed in, and personal data
 * redacted from every logged object and message.
 */
export function createLogger(
  settings: LoggerSettings,
  destination: pino.DestinationStream = pino.destination({ sync: false }),
): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service, version: settings.version, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: {
      level: (label) => ({ level: label }),
      // Runs after pino's serializers, so serialised errors are scrubbed too.
      log: (object) => redactPersonalData(object) as Record<string, unknown>,
    },
    mixin: () => {
      const context = currentRequestContext();
      return context === undefined ? {} : { ...context };
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? scrubPersonalData(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
  return pino(options, destination);
}
