/**
 * File names of the Toevlucht Orafin layout. The sequence number is in the name, so a file is
 * recognised (already uploaded? already answered?) by its name alone.
 */
export type OrafinFileKind = 'in' | 'out' | 'bet';

const PREFIX: Record<OrafinFileKind, string> = { in: 'TVL_IN_', out: 'TVL_OUT_', bet: 'TVL_BET_' };

export function orafinFileName(kind: OrafinFileKind, sequence: number): string {
  return `${PREFIX[kind]}${String(sequence).padStart(6, '0')}.txt`;
}

export function parseOrafinFileName(
  name: string,
): { readonly kind: OrafinFileKind; readonly sequence: number } | null {
  const match = /^TVL_(IN|OUT|BET)_(\d{6})\.txt$/.exec(name);
  if (match === null) return null;
  const kind = match[1]!.toLowerCase() as OrafinFileKind;
  return { kind, sequence: Number(match[2]) };
}
