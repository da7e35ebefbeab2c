/**
 * Turns one line a service wrote into one readable terminal line: a JSON log line as
 * `HH:MM:SS.mmm LEVEL msg  key=value …`, anything else as it is. Pure, so it is unit-tested.
 */

// Present on every line (or shown elsewhere in the output), so they only add noise here.
const HIDDEN = new Set(['level', 'time', 'service', 'version', 'pid', 'msg', 'err']);

// pino writes numeric levels unless a formatter turns them into labels; accept both.
const PINO_LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

export function formatLogLine(line: string): string {
  const record = parseObject(line);
  if (record === undefined) return line;
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const error = errorMessage(record['err']);
  if (error !== undefined) fields.push(`err=${formatValue(error)}`);
  const head = [clock(record['time']), level(record['level']), oneLine(text(record['msg']))]
    .filter((part) => part !== '')
    .join(' ');
  return fields.length === 0 ? head : `${head}  ${fields.join(' ')}`;
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** UTC, like the timestamps in the JSON logs, so the two can be matched up. */
function clock(time: unknown): string {
  if (typeof time !== 'string' && typeof time !== 'number') return '';
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 23);
}

function level(value: unknown): string {
  const label = typeof value === 'number' ? PINO_LEVELS[value] : value;
  return (typeof label === 'string' ? label : 'info').toUpperCase().padEnd(5);
}

function errorMessage(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message: unknown = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

function text(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Bare when it reads unambiguously, quoted when it holds spaces, quotes or line breaks. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function oneLine(value: string): string {
  return value.replace(/\r?\n/g, '\\n');
}
