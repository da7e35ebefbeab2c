/**
 * What an HTTP answer from DAVINCI means for the caller (BRIEF §4): a result, a business answer
 * (a normal outcome: full, not eligible), a transient failure of DAVINCI (retry later; counts
 * against the breaker) or a permanent one (our request is wrong: retrying cannot help).
 */
export type AnswerClass =
  | { readonly kind: 'ok' }
  | { readonly kind: 'business'; readonly reason: 'full' | 'not-eligible' }
  | { readonly kind: 'transient'; readonly code: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly code: string };

export function classifyAnswer(
  status: number,
  problemCode: string | undefined,
  retryAfter: string | undefined,
  now: Date,
): AnswerClass {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 409 && problemCode === 'VOL') return { kind: 'business', reason: 'full' };
  if (status === 422 && problemCode === 'NIET_TOELAATBAAR') {
    return { kind: 'business', reason: 'not-eligible' };
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return {
      kind: 'transient',
      code: 'HTTP_429',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (status === 408 || status >= 500) return { kind: 'transient', code: `HTTP_${status}` };
  return {
    kind: 'permanent',
    code: `HTTP_${status}${problemCode === undefined ? '' : `_${problemCode}`}`,
  };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
