/**
 * MAGDA Uitzondering codes and what they mean for us (reference: shared/reference/magda/README).
 * Transient: the source or MAGDA is down or overloaded; retry later and count for the breaker.
 * Permanent: the request itself is refused; retrying cannot help.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  '60006',
  '60007',
  '60009',
  '90000',
  '99994',
  '99995',
  '99996',
  '99997',
]);

export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  '13202',
  '20002',
  '30003',
  '40006',
  '60011',
  '60013',
]);

/** No data found: a business answer, never a failure. */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['30001', '30101']);

/** Warning: the person has a new INSZ (e.g. a BIS number replaced by a national number). */
export const INSZ_CHANGED_CODE = '30004';
