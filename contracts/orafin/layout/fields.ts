/**
 * Field helpers of the Toevlucht Orafin layout (our model, see ../README.md): fixed-width ASCII
 * records, text left-aligned and space-padded, numbers right-aligned and zero-padded.
 */

export const RECORD_LENGTH = 200;

/** A layout problem: the file is rejected as a whole, nothing in it is acted on. */
export class LayoutError extends Error {
  constructor(
    readonly code: LayoutErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LayoutError';
  }
}

export type LayoutErrorCode =
  | 'TRUNCATED'
  | 'RECORD_LENGTH'
  | 'RECORD_TYPE'
  | 'FIELD'
  | 'COUNT'
  | 'TOTAL'
  | 'SEQUENCE'
  | 'CHECKSUM';

/**
 * The character set banks accept in SEPA text fields. Diacritics are dropped (é → e) and any
 * other character becomes a space, so a name never shifts the columns after it.
 */
export function layoutText(value: string, width: number): string {
  const ascii = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ');
  return ascii.slice(0, width).padEnd(width, ' ');
}

export function layoutNumber(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('not a non-negative integer');
  const digits = String(value);
  if (digits.length > width) throw new RangeError(`does not fit in ${width} digits`);
  return digits.padStart(width, '0');
}

export function layoutTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Reads fixed-width fields from one record (1-based column positions, as in the README). */
export class RecordReader {
  constructor(
    private readonly record: string,
    private readonly line: number,
  ) {}

  text(from: number, to: number): string {
    return this.record.slice(from - 1, to).trimEnd();
  }

  number(from: number, to: number, field: string): number {
    const raw = this.record.slice(from - 1, to);
    if (!/^\d+$/.test(raw)) {
      throw new LayoutError('FIELD', `line ${this.line}: ${field} is not a number`);
    }
    return Number(raw);
  }

  oneOf<T extends string>(from: number, to: number, field: string, values: readonly T[]): T {
    const raw = this.record.slice(from - 1, to);
    if (!(values as readonly string[]).includes(raw)) {
      throw new LayoutError('FIELD', `line ${this.line}: ${field} has an unknown value`);
    }
    return raw as T;
  }
}

/** Adler-32 over the detail records joined by LF, as 8 lower-case hex digits. */
export function checksum(details: readonly string[]): string {
  let a = 1;
  let b = 0;
  const text = details.join('\n');
  for (let i = 0; i < text.length; i += 1) {
    a = (a + text.charCodeAt(i)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b * 65536 + a) >>> 0).toString(16).padStart(8, '0');
}

export interface SplitFile {
  readonly header: RecordReader;
  readonly details: readonly RecordReader[];
  readonly detailLines: readonly string[];
  readonly trailer: RecordReader;
}

/**
 * Splits a file into header, details and trailer, checking what every file kind shares: record
 * length, record types in order, a final trailer (a file cut short has none and is TRUNCATED).
 */
export function splitFile(text: string, kind: string): SplitFile {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (lines.length < 2 || !lines[lines.length - 1]!.startsWith('T')) {
    throw new LayoutError('TRUNCATED', 'the file has no trailer record');
  }
  if (!text.endsWith('\n')) throw new LayoutError('TRUNCATED', 'the last record is incomplete');
  lines.forEach((line, index) => {
    if (line.length !== RECORD_LENGTH) {
      throw new LayoutError(
        'RECORD_LENGTH',
        `line ${index + 1}: ${line.length} characters instead of ${RECORD_LENGTH}`,
      );
    }
    const expected = index === 0 ? 'H' : index === lines.length - 1 ? 'T' : 'D';
    if (line[0] !== expected) {
      throw new LayoutError('RECORD_TYPE', `line ${index + 1}: expected a ${expected} record`);
    }
  });
  const header = new RecordReader(lines[0]!, 1);
  header.oneOf(2, 4, 'file kind', [kind]);
  const detailLines = lines.slice(1, -1);
  return {
    header,
    details: detailLines.map((line, index) => new RecordReader(line, index + 2)),
    detailLines,
    trailer: new RecordReader(lines[lines.length - 1]!, lines.length),
  };
}

export function record(...fields: string[]): string {
  const line = fields.join('');
  if (line.length > RECORD_LENGTH) throw new RangeError('record longer than the layout allows');
  return line.padEnd(RECORD_LENGTH, ' ');
}

export function joinRecords(records: readonly string[]): string {
  return `${records.join('\n')}\n`;
}

/** Checks the trailer's control fields against what was read. */
export function expectEqual(code: LayoutErrorCode, what: string, found: number, actual: number) {
  if (found !== actual) {
    throw new LayoutError(code, `trailer ${what} is ${found}, the records give ${actual}`);
  }
}
