import { REDACTED, redactPersonalData, scrubPersonalData } from './redaction';

// A real-shaped ES256 JWT (header {"alg":"ES256","typ":"JWT"}); its signature is made up.
const JWT =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlcyI6WyJiZWhlZXJkZXIiXX0.c2lnbmF0dXJlLW1hZGUtdXA';

describe('credential redaction', () => {
  it('scrubs a bearer token anywhere in a string', () => {
    expect(scrubPersonalData(`calling with Bearer ${JWT} now`)).toBe(
      `calling with Bearer ${REDACTED} now`,
    );
  });

  it('blanks credential keys whatever their value', () => {
    expect(
      redactPersonalData({
        headers: { Authorization: 'Basic dXNlcjpwYXNz' },
        access_token: 'opaque',
        idToken: 'x',
      }),
    ).toEqual({ headers: { Authorization: REDACTED }, access_token: REDACTED, idToken: REDACTED });
  });

  it('leaves ordinary dotted identifiers alone', () => {
    expect(scrubPersonalData('registration.parking-lot test.thing.happened.v1')).toBe(
      'registration.parking-lot test.thing.happened.v1',
    );
  });
});
