/**
 * Turns one line a service wrote into one readable line for the terminal: a JSON log line as
 * `HH:MM:SS.mmm LEVEL msg key=value …`, anything else as it is. Pure, so it is unit-tested.
 */
const HIDDEN = new Set(['level', 'time', 'service', 'version', 'pid', 'msg', 'err']);

export function formatLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const record = entry as Record<string, unknown>;
  const time = typeof record['time'] === 'string' ? record['time'].slice(11, 23) : '';
  const level = (typeof record['level'] === 'string' ? record['level'] : 'info')
    .toUpperCase()
    .padEnd(5);
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const error = record['err'];
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    fields.push(`err="${(error as { message: string }).message}"`);
  }
  return [time, level, message, ...fields].filter((part) => part !== '').join(' ');
}
