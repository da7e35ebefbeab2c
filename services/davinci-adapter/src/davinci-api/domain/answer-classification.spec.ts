import { classifyAnswer, parseRetryAfter } from './answer-classification';
import { retryDelayMs } from './retry-policy';

const now = new Date('2026-03-02T10:00:00Z');

describe('classifyAnswer', () => {
  it('takes 2xx as a result', () => {
    expect(classifyAnswer(201, undefined, undefined, now)).toEqual({ kind: 'ok' });
  });

  it('takes a full lesson moment and a not-eligible learner as business answers', () => {
    expect(classifyAnswer(409, 'VOL', undefined, now)).toEqual({
      kind: 'business',
      reason: 'full',
    });
    expect(classifyAnswer(422, 'NIET_TOELAATBAAR', undefined, now)).toEqual({
      kind: 'business',
      reason: 'not-eligible',
    });
  });

  it('takes 5xx, 408 and 429 as transient, 429 with its Retry-After', () => {
    expect(classifyAnswer(503, 'STORING', undefined, now)).toEqual({
      kind: 'transient',
      code: 'HTTP_503',
    });
    expect(classifyAnswer(408, undefined, undefined, now)).toMatchObject({ kind: 'transient' });
    expect(classifyAnswer(429, 'TE_VEEL', '3', now)).toEqual({
      kind: 'transient',
      code: 'HTTP_429',
      retryAfterMs: 3_000,
    });
  });

  it('takes other 4xx (our own mistakes, a 409 or 422 without a business code) as permanent', () => {
    expect(classifyAnswer(400, 'ONGELDIG', undefined, now)).toEqual({
      kind: 'permanent',
      code: 'HTTP_400_ONGELDIG',
    });
    expect(classifyAnswer(404, undefined, undefined, now)).toEqual({
      kind: 'permanent',
      code: 'HTTP_404',
    });
    expect(classifyAnswer(422, 'ONGELDIG', undefined, now)).toMatchObject({ kind: 'permanent' });
    expect(classifyAnswer(409, undefined, undefined, now)).toMatchObject({ kind: 'permanent' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores rubbish', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('waits a random share of a doubling ceiling', () => {
    expect(retryDelayMs(policy, 0, 0.5)).toBe(50);
    expect(retryDelayMs(policy, 2, 0.5)).toBe(200);
    expect(retryDelayMs(policy, 10, 0.999)).toBe(999);
    expect(retryDelayMs(policy, 1, 0)).toBe(0);
  });

  it('follows Retry-After, capped', () => {
    expect(retryDelayMs(policy, 0, 0.5, 300)).toBe(300);
    expect(retryDelayMs(policy, 0, 0.5, 60_000)).toBe(1_000);
  });
});
