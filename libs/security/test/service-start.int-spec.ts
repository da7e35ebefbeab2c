import { join } from 'node:path';
import { freePort, ServiceProcess, waitForStatus } from '@toevlucht/testing';

const ROOT = join(__dirname, '../../..');
const FIXTURE = 'dist/test/fixtures/secured-service/main.js';

describe('a service process with SecurityModule', () => {
  const processes: ServiceProcess[] = [];
  const start = (env: Record<string, string>) => {
    const service = new ServiceProcess({ entry: FIXTURE, env, root: ROOT });
    processes.push(service);
    return service;
  };

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((service) => service.stop()));
  });

  it('starts with every route declared, and serves the public one without a token', async () => {
    const port = await freePort();
    start({ PORT: String(port), NODE_ENV: 'test' });
    await waitForStatus(`http://127.0.0.1:${port}/health/live`, 200);
    await waitForStatus(`http://127.0.0.1:${port}/declared/open`, 200);
    await waitForStatus(`http://127.0.0.1:${port}/declared/staff`, 401);
  });

  it('refuses to start with a route that declares neither roles nor public, naming it', async () => {
    const service = start({ PORT: String(await freePort()), FIXTURE_UNDECLARED_ROUTE: 'true' });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    const fatal = service.logs().find((line) => line['msg'] === 'service failed to start');
    const message = String((fatal?.['err'] as { message?: unknown } | undefined)?.message);
    expect(message).toContain('GET /forgotten/:id (ForgottenController.get)');
    expect(message).not.toContain('DeclaredController');
  });

  it('stops with exit 78 naming bad security variables, never their values', async () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA==';
    const service = start({
      PORT: String(await freePort()),
      NODE_ENV: 'production',
      AMQP_URL: 'amqp://127.0.0.1:5672',
      OIDC_JWKS_URL: 'http://idp.example.test/certs',
      BLIND_INDEX_KEY: secret,
    });
    const exit = await service.exited;
    expect(exit.code).toBe(78);
    const stderr = service.stderr.join('\n');
    expect(stderr).toContain('OIDC_ISSUER: is required');
    expect(stderr).toContain('OIDC_JWKS_URL: must use one of the schemes https://');
    expect(stderr).toContain('FIELD_ENCRYPTION_KEYS: is required');
    expect(stderr).toContain('BLIND_INDEX_KEY: must be at least 32 bytes, base64-encoded');
    expect(stderr).not.toContain(secret);
  });
});
