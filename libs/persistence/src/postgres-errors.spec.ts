import { isConnectionUnavailable, isUniqueViolation } from './postgres-errors';

describe('isConnectionUnavailable', () => {
  it("recognises pg-pool's acquire timeout and pg's connect timeout", () => {
    expect(isConnectionUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(
      true,
    );
    expect(
      isConnectionUnavailable(new Error('Connection terminated due to connection timeout')),
    ).toBe(true);
  });

  it('looks through the causes drizzle wraps driver errors in', () => {
    const wrapped = new Error('Failed query: select 1', {
      cause: new Error('timeout exceeded when trying to connect'),
    });
    expect(isConnectionUnavailable(wrapped)).toBe(true);
  });

  it('is false for other errors and non-errors', () => {
    expect(isConnectionUnavailable(new Error('relation "x" does not exist'))).toBe(false);
    expect(isConnectionUnavailable('timeout exceeded when trying to connect')).toBe(false);
    expect(isConnectionUnavailable(undefined)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('matches 23505 on the named constraint, directly or as the cause', () => {
    const pg = Object.assign(new Error('dup'), { code: '23505', constraint: 'c' });
    expect(isUniqueViolation(pg, 'c')).toBe(true);
    expect(isUniqueViolation(new Error('wrapped', { cause: pg }), 'c')).toBe(true);
    expect(isUniqueViolation(pg, 'other')).toBe(false);
  });
});
