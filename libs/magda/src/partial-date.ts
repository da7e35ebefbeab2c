/**
 * The national register's dates may be partial: `2000-00-00` (only the year known) or
 * `2000-05-00`. Ours drop the unknown parts: `2000`, `2000-05`. Anything unreadable → undefined.
 */
export function toPartialDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (match === null) return /^\d{4}$/.test(value.trim()) ? value.trim() : undefined;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  if (year === '0000') return undefined;
  if (month === '00') return year;
  if (Number(month) > 12) return undefined;
  if (day === '00') return `${year}-${month}`;
  return `${year}-${month}-${day}`;
}
