import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import type { OidcConfig } from '../config/security-config';
import {
  AuthenticationError,
  type AuthenticationFailure,
  AuthenticationUnavailableError,
} from './authentication-errors';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'https://idp.example.test/realms/toevlucht';
const NOW = new Date('2026-11-29T10:00:00Z');
const nowS = Math.floor(NOW.getTime() / 1_000);

const config: OidcConfig = {
  issuer: ISSUER,
  audience: ['toevlucht'],
  jwksUrl: 'https://idp.example.test/jwks',
  rolesClaim: 'roles',
  nisClaim: 'nis',
  clockToleranceS: 30,
};

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

describe('TokenVerifier', () => {
  let signing: KeyPair;
  let impostor: KeyPair;
  let keys: JWTVerifyGetKey;

  beforeAll(async () => {
    signing = await generateKeyPair('ES256');
    impostor = await generateKeyPair('ES256');
    keys = createLocalJWKSet({
      keys: [{ ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'ES256' }],
    });
  });

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: ISSUER,
    aud: 'toevlucht',
    sub: 'user-7f3a',
    iat: nowS - 60,
    nbf: nowS - 60,
    exp: nowS + 300,
    roles: ['agii-medewerker'],
    ...overrides,
  });

  const sign = (payload: JWTPayload, key = signing.privateKey, kid = 'k1') =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(key);

  const verifier = (settings: Partial<OidcConfig> = {}) =>
    new TokenVerifier({ ...config, ...settings }, keys, () => NOW);

  async function failure(
    token: string,
    settings: Partial<OidcConfig> = {},
  ): Promise<AuthenticationFailure> {
    try {
      await verifier(settings).verify(token);
    } catch (error) {
      if (error instanceof AuthenticationError) return error.reason;
      throw error;
    }
    throw new Error('the token was accepted');
  }

  it('accepts a good token and gives its subject and known roles', async () => {
    const principal = await verifier().verify(await sign(claims()));
    expect(principal).toEqual({ subject: 'user-7f3a', roles: ['agii-medewerker'] });
  });

  it('ignores role strings it does not know and keeps a valid NIS code', async () => {
    const token = await sign(
      claims({ roles: ['offline_access', 'gemeentelijk-coordinator', 'admin'], nis: '44021' }),
    );
    expect(await verifier().verify(token)).toEqual({
      subject: 'user-7f3a',
      roles: ['gemeentelijk-coordinator'],
      nisCode: '44021',
    });
  });

  it('reads roles and NIS code from configurable, nested claims', async () => {
    const token = await sign(
      claims({ roles: undefined, realm_access: { roles: ['beheerder'] }, municipality: 11002 }),
    );
    expect(
      await verifier({ rolesClaim: 'realm_access.roles', nisClaim: 'municipality' }).verify(token),
    ).toEqual({ subject: 'user-7f3a', roles: ['beheerder'], nisCode: '11002' });
  });

  it('takes a claim whose name contains dots as it is, before reading it as a path', async () => {
    const token = await sign(
      claims({ roles: undefined, 'https://toevlucht.dev/roles': ['rapportering'] }),
    );
    expect(await verifier({ rolesClaim: 'https://toevlucht.dev/roles' }).verify(token)).toEqual({
      subject: 'user-7f3a',
      roles: ['rapportering'],
    });
  });

  it('gives no roles when the roles claim is missing (every roles route then answers 403)', async () => {
    const token = await sign(claims({ roles: undefined }));
    expect((await verifier().verify(token)).roles).toEqual([]);
  });

  it.each<[string, () => Promise<string>, AuthenticationFailure]>([
    ['expired', () => sign(claims({ exp: nowS - 120 })), 'expired'],
    [
      'from another issuer',
      () => sign(claims({ iss: 'https://evil.example.test' })),
      'wrong-issuer',
    ],
    ['for another audience', () => sign(claims({ aud: 'other-app' })), 'wrong-audience'],
    ['not valid yet (nbf)', () => sign(claims({ nbf: nowS + 600 })), 'not-yet-valid'],
    [
      'signed by another key under a known kid',
      () => sign(claims(), impostor.privateKey),
      'bad-signature',
    ],
    [
      'signed by an unpublished key',
      () => sign(claims(), impostor.privateKey, 'k9'),
      'unknown-key',
    ],
    ['without exp', () => sign(claims({ exp: undefined })), 'missing-claim'],
    ['without sub', () => sign(claims({ sub: undefined })), 'missing-claim'],
    [
      'of a coordinator without NIS code',
      () => sign(claims({ roles: ['gemeentelijk-coordinator'] })),
      'coordinator-without-nis',
    ],
    [
      'of a coordinator with a malformed NIS code',
      () => sign(claims({ roles: ['gemeentelijk-coordinator'], nis: '4402' })),
      'coordinator-without-nis',
    ],
    ['that is not a JWT', () => Promise.resolve('not.a.jwt'), 'malformed-token'],
  ])('refuses a token %s', async (_case, token, reason) => {
    expect(await failure(await token())).toBe(reason);
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
    expect(await failure(`${header}.${body}.`)).toBe('algorithm-not-allowed');
  });

  it('allows expiry within the clock tolerance and no further', async () => {
    const token = await sign(claims({ exp: nowS - 20 }));
    await expect(verifier({ clockToleranceS: 30 }).verify(token)).resolves.toMatchObject({
      subject: 'user-7f3a',
    });
    expect(await failure(token, { clockToleranceS: 10 })).toBe('expired');
  });

  it('allows a not-before slightly ahead of our clock, within the tolerance', async () => {
    const token = await sign(claims({ nbf: nowS + 20 }));
    await expect(verifier({ clockToleranceS: 30 }).verify(token)).resolves.toBeDefined();
    expect(await failure(token, { clockToleranceS: 0 })).toBe('not-yet-valid');
  });

  it('never puts the token into its error', async () => {
    const token = await sign(claims({ exp: nowS - 3_600 }));
    const error = await verifier()
      .verify(token)
      .then(
        () => 'accepted',
        (caught: Error) => `${caught.name}: ${caught.message}`,
      );
    expect(error).toBe('AuthenticationError: The bearer token has expired.');
    expect(error).not.toContain(token.split('.')[1]);
  });

  it('reports keys it cannot fetch as unavailable, never as a bad token or a pass', async () => {
    const unreachable: JWTVerifyGetKey = () => Promise.reject(new TypeError('fetch failed'));
    const token = await sign(claims());
    await expect(
      new TokenVerifier(config, unreachable, () => NOW).verify(token),
    ).rejects.toBeInstanceOf(AuthenticationUnavailableError);
  });

  it('warms up a remote key set by reloading it, and says when that failed', async () => {
    let reloads = 0;
    // A local key set has nothing to fetch.
    expect(await new TokenVerifier(config, keys, () => NOW).warmUp()).toBe(true);
    const reloading = Object.assign((...args: Parameters<JWTVerifyGetKey>) => keys(...args), {
      reload: () => {
        reloads += 1;
        return Promise.resolve();
      },
    });
    expect(await new TokenVerifier(config, reloading, () => NOW).warmUp()).toBe(true);
    expect(reloads).toBe(1);
    const failing = Object.assign((...args: Parameters<JWTVerifyGetKey>) => keys(...args), {
      reload: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(await new TokenVerifier(config, failing, () => NOW).warmUp()).toBe(false);
  });
});
