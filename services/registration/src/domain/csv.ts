/**
 * A small RFC 4180 reader for the reference tables in services/registration/data: comma
 * separated, optional double quotes (a quote inside a quoted field doubled), one header row,
 * `\n` or `\r\n` line ends. Codes stay strings, so `02000` keeps its leading zero.
 */
export type CsvRecord = Readonly<Record<string, string>>;

function parseRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The records of a CSV text, keyed by the header; every `required` column must be there. */
export function parseCsv(text: string, required: readonly string[]): CsvRecord[] {
  const [header, ...rows] = parseRows(text);
  if (!header) throw new Error('CSV: no header row');
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new Error(`CSV: missing column(s) ${missing.join(', ')}`);
  return rows
    .filter((cells) => !(cells.length === 1 && cells[0] === ''))
    .map((cells, index) => {
      if (cells.length !== header.length) {
        throw new Error(
          `CSV: row ${index + 2} has ${cells.length} fields, header has ${header.length}`,
        );
      }
      return Object.fromEntries(header.map((column, j) => [column, cells[j] ?? '']));
    });
}
