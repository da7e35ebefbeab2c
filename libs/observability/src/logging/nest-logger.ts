import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

// Nest's start-up narration (a line per module and per route, ~15 per service) drowns the
// lines that matter at info level; it stays available at debug.
const BOOT_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Routes Nest's own log calls (bootstrap, routing, exceptions) into the service's pino
 * logger, so that every line the process writes is JSON and passes the same redaction.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    const context = optional.at(-1);
    this.write(
      typeof context === 'string' && BOOT_CHATTER.has(context) ? 'debug' : 'info',
      message,
      optional,
    );
  }

  error(message: unknown, ...optional: unknown[]): void {
    // Nest calls error(message, stack, context).
    const [stack, ...rest] = optional;
    if (typeof stack === 'string' && stack.includes('\n')) {
      this.write('error', message, rest, { stack });
    } else {
      this.write('error', message, optional);
    }
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    optional: unknown[],
    extra: Record<string, unknown> = {},
  ): void {
    const context = optional.at(-1);
    const fields = { ...extra, ...(typeof context === 'string' ? { context } : {}) };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
