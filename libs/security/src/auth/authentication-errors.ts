/**
 * Why a request was not authenticated. These codes go into logs and metrics; the texts go to
 * the client. Neither ever contains the token or a claim value.
 */
export type AuthenticationFailure =
  | 'missing-token'
  | 'malformed-header'
  | 'malformed-token'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'algorithm-not-allowed'
  | 'missing-subject'
  | 'coordinator-without-nis';

export const FAILURE_DETAIL: Readonly<Record<AuthenticationFailure, string>> = {
  'missing-token': 'This route requires a bearer token (Authorization: Bearer <token>).',
  'malformed-header': 'The Authorization header must be "Bearer <token>".',
  'malformed-token': 'The bearer token is not a well-formed JWT.',
  'bad-signature': 'The bearer token signature is not valid.',
  'unknown-key': 'The bearer token is signed with a key the identity provider does not publish.',
  expired: 'The bearer token has expired.',
  'not-yet-valid': 'The bearer token is not valid yet.',
  'wrong-issuer': 'The bearer token was issued by an issuer this service does not trust.',
  'wrong-audience': 'The bearer token is not meant for this service.',
  'missing-claim': 'The bearer token lacks a required claim.',
  'algorithm-not-allowed': 'The bearer token is signed with an algorithm that is not allowed.',
  'missing-subject': 'The bearer token has no subject.',
  'coordinator-without-nis':
    'A gemeentelijk-coordinator token must carry the NIS code of its municipality.',
};

/** A token that does not authenticate its bearer (401). */
export class AuthenticationError extends Error {
  constructor(readonly reason: AuthenticationFailure) {
    super(FAILURE_DETAIL[reason]);
    this.name = 'AuthenticationError';
  }
}

/**
 * The token could not be checked because the identity provider's keys could not be fetched
 * (503): not the caller's fault, and not a reason to let them in.
 */
export class AuthenticationUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The identity provider keys could not be fetched', { cause });
    this.name = 'AuthenticationUnavailableError';
  }
}
