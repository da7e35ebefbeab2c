import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../config/security-config';
import type { Principal } from '../principal';
import {
  AuthenticationError,
  type AuthenticationFailure,
  AuthenticationUnavailableError,
} from './authentication-errors';
import { principalFromClaims } from './claims';

/** Asymmetric algorithms only: a shared-secret (HS*) or unsigned token is never accepted. */
export const ACCEPTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/**
 * The identity provider's keys, fetched from its JWKS URL: cached for 10 minutes; a token
 * with an unknown key id triggers a refetch at most every 30 s (key rotation at the provider
 * works without a restart, and a flood of forged key ids cannot hammer it).
 */
export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
}

/**
 * Verifies an OIDC access token (JWT): signature against the provider's keys, issuer, audience,
 * expiry and not-before with the configured clock tolerance; then maps its claims to a
 * Principal. Throws AuthenticationError (401) or AuthenticationUnavailableError (503).
 */
export class TokenVerifier {
  constructor(
    private readonly config: OidcConfig,
    private readonly keys: JWTVerifyGetKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Fetches the provider's keys now (a remote key set only), so the first request does not wait
   * for them and a wrong OIDC_JWKS_URL shows at start. Resolves false when they cannot be fetched.
   */
  async warmUp(): Promise<boolean> {
    const reload = (this.keys as Partial<{ reload: () => Promise<void> }>).reload;
    if (typeof reload !== 'function') return true;
    try {
      await reload.call(this.keys);
      return true;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<Principal> {
    let claims: Record<string, unknown>;
    try {
      const result = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: [...this.config.audience],
        clockTolerance: this.config.clockToleranceS,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        currentDate: this.now(),
      });
      claims = result.payload;
    } catch (error) {
      throw translate(error);
    }
    const outcome = principalFromClaims(claims, this.config);
    if (!outcome.ok) throw new AuthenticationError(outcome.reason);
    return outcome.principal;
  }
}

function translate(error: unknown): Error {
  if (!(error instanceof errors.JOSEError)) return new AuthenticationUnavailableError(error);
  const reason = failureOf(error);
  return reason === undefined
    ? new AuthenticationUnavailableError(error)
    : new AuthenticationError(reason);
}

function failureOf(error: errors.JOSEError): AuthenticationFailure | undefined {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'missing-claim';
    switch (error.claim) {
      case 'iss':
        return 'wrong-issuer';
      case 'aud':
        return 'wrong-audience';
      case 'nbf':
        return 'not-yet-valid';
      default:
        return 'malformed-token';
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown-key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm-not-allowed';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return undefined;
  // JWSInvalid, JWTInvalid, JOSENotSupported, …: the token itself is not usable.
  return 'malformed-token';
}
