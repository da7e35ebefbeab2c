import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  AuthenticationUnavailableError,
  DevIssuerRefusedError,
  DevTokenIssuer,
  remoteKeySet,
  TokenVerifier,
} from '@toevlucht/security';
import { freePort, startTestTokenIssuer } from '@toevlucht/testing';

const ROOT = join(__dirname, '../../..');

function runTokenTool(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, [join(ROOT, 'dist/tools/token.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('the development token issuer', () => {
  let issuer: DevTokenIssuer;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
  });

  afterAll(async () => {
    await issuer.close();
  });

  const verifier = () =>
    new TokenVerifier(
      {
        issuer: issuer.issuer,
        audience: [issuer.audience],
        jwksUrl: issuer.jwksUrl,
        rolesClaim: 'roles',
        nisClaim: 'nis',
        clockToleranceS: 30,
      },
      remoteKeySet(issuer.jwksUrl),
    );

  it('publishes its JWKS and an OpenID discovery document', async () => {
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as {
      keys: { kty: string; alg: string; kid: string; d?: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.keys[0]!.d).toBeUndefined();
    const discovery = (await (
      await fetch(`${issuer.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUrl });
  });

  it('mints over POST /token a token that verifies against its JWKS', async () => {
    const response = await fetch(`${issuer.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role: 'gemeentelijk-coordinator',
        nis: '44021',
        sub: 'coordinator-gent',
        ttl: 600,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
    };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(await verifier().verify(body.access_token)).toEqual({
      subject: 'coordinator-gent',
      roles: ['gemeentelijk-coordinator'],
      nisCode: '44021',
    });
  });

  it('answers 400 to a request for an unknown role', async () => {
    const response = await fetch(`${issuer.url}/token`, {
      method: 'POST',
      body: JSON.stringify({ role: 'god' }),
    });
    expect(response.status).toBe(400);
  });

  it('refuses to start with NODE_ENV=production', async () => {
    await expect(
      DevTokenIssuer.start({ port: 0, env: { NODE_ENV: 'production' } }),
    ).rejects.toBeInstanceOf(DevIssuerRefusedError);
  });

  it('npm run token prints a token from the running issuer', async () => {
    const result = await runTokenTool([
      '--role',
      'agii-medewerker',
      '--sub',
      'staff-1',
      '--issuer',
      issuer.url,
    ]);
    expect(result.code).toBe(0);
    expect(await verifier().verify(result.stdout.trim())).toEqual({
      subject: 'staff-1',
      roles: ['agii-medewerker'],
    });
  });

  it('npm run token says how to start the issuer when none answers (exit 69)', async () => {
    const result = await runTokenTool([
      '--role',
      'beheerder',
      '--issuer',
      `http://127.0.0.1:${await freePort()}`,
    ]);
    expect(result.code).toBe(69);
    expect(result.stderr).toContain('npm run dev-issuer');
  });

  it('cannot verify while the JWKS URL does not answer, and says so instead of refusing the token', async () => {
    const deadJwks = `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`;
    const stranded = new TokenVerifier(
      {
        issuer: issuer.issuer,
        audience: [issuer.audience],
        jwksUrl: deadJwks,
        rolesClaim: 'roles',
        nisClaim: 'nis',
        clockToleranceS: 30,
      },
      remoteKeySet(deadJwks),
    );
    await expect(
      stranded.verify(await issuer.mint({ roles: ['beheerder'] })),
    ).rejects.toBeInstanceOf(AuthenticationUnavailableError);
  });
});
