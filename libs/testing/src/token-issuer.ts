import { DevTokenIssuer } from '@toevlucht/security';

/**
 * A development token issuer on a free port for one test file: `issuer.env()` is the security
 * environment that makes a service trust it, `issuer.mint({ roles, nis })` a bearer token.
 * Close it in afterAll.
 */
export function startTestTokenIssuer(): Promise<DevTokenIssuer> {
  return DevTokenIssuer.start({ port: 0, env: { NODE_ENV: 'test' } });
}

/** Headers carrying a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
