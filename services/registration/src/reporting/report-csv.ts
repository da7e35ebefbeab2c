import type { SuppressedTable } from './suppression';

/** Stable CSV column names per dimension, for Power BI and spreadsheets. */
const COLUMN: Readonly<Record<string, string>> = {
  need: 'need',
  ageBand: 'age_band',
  gender: 'gender',
  postcode: 'postcode',
  municipality: 'municipality_nis',
  eerstelijnszone: 'eerstelijnszone',
};

/**
 * One row per published cell: the dimension values (empty where the row totals over that
 * dimension), `row_type` (cell, subtotal, total), `count` (empty when suppressed) and
 * `suppressed` (true/false). Values are codes, so no quoting beyond the standard is needed.
 */
export function reportToCsv(table: SuppressedTable): string {
  const header = [
    ...table.dimensions.map((d) => COLUMN[d] ?? d),
    'row_type',
    'count',
    'suppressed',
  ];
  const lines = [header.join(',')];
  for (const cell of table.cells) {
    const totals = cell.key.filter((value) => value === null).length;
    const rowType = totals === 0 ? 'cell' : totals === cell.key.length ? 'total' : 'subtotal';
    lines.push(
      [
        ...cell.key.map((value) => csvField(value ?? '')),
        rowType,
        cell.count === null ? '' : String(cell.count),
        String(cell.suppressed),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
