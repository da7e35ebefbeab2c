import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ContractRegistry } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import {
  CurrentPrincipal,
  type DevTokenIssuer,
  type Principal,
  Public,
  Roles,
  SecurityModule,
} from '@toevlucht/security';
import {
  bearer,
  freePort,
  startTestService,
  startTestTokenIssuer,
  type TestService,
  waitFor,
  waitForStatus,
} from '@toevlucht/testing';

@Controller('things')
@Roles('agii-medewerker', 'gemeentelijk-coordinator')
class ThingsController {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  @Get('mine')
  mine(@CurrentPrincipal() principal: Principal): Principal {
    this.logger.info('listing things');
    return principal;
  }

  @Get('admin')
  @Roles('beheerder')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('intake-form')
  @Public()
  form(@CurrentPrincipal() principal: Principal | undefined): { anonymous: boolean } {
    return { anonymous: principal === undefined };
  }
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly challenge: string | null;
  readonly body: Record<string, unknown>;
}

describe('the security guard over real HTTP, with tokens from the development issuer', () => {
  let issuer: DevTokenIssuer;
  let stranger: DevTokenIssuer;
  let service: TestService;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    stranger = await startTestTokenIssuer();
    class GuardedModule {}
    Module({
      imports: [SecurityModule.forRoot({ env: { NODE_ENV: 'test', ...issuer.env() } })],
      controllers: [ThingsController],
    })(GuardedModule);
    service = await startTestService({
      name: `test-guard-${process.pid}`,
      module: GuardedModule,
      contracts: ContractRegistry.fromSchemas([]),
    });
  });

  afterAll(async () => {
    await service.stop();
    await issuer.close();
    await stranger.close();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${service.url}${path}`, {
      headers,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    return {
      status: response.status,
      contentType,
      challenge: response.headers.get('www-authenticate'),
      body:
        contentType?.includes('json') === true
          ? (JSON.parse(text) as Record<string, unknown>)
          : { text },
    };
  }

  it('answers 401 problem+json with a bare Bearer challenge when there is no token', async () => {
    const answer = await get('/things/mine');
    expect(answer.status).toBe(401);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.challenge).toBe('Bearer realm="toevlucht"');
    expect(answer.body).toEqual({
      type: 'https://toevlucht.dev/problems/unauthenticated',
      title: 'Unauthorized',
      status: 401,
      detail: 'This route requires a bearer token (Authorization: Bearer <token>).',
      instance: '/things/mine',
      errorId: expect.any(String),
    });
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'an expired token',
      () =>
        issuer.mint({
          roles: ['agii-medewerker'],
          claims: { exp: Math.floor(Date.now() / 1000) - 3_600 },
        }),
      'The bearer token has expired.',
    ],
    [
      'a token signed by another issuer',
      () => stranger.mint({ roles: ['agii-medewerker'] }),
      'The bearer token is signed with a key the identity provider does not publish.',
    ],
    [
      'a token naming another issuer',
      () => issuer.mint({ roles: ['agii-medewerker'], claims: { iss: stranger.issuer } }),
      'The bearer token was issued by an issuer this service does not trust.',
    ],
    [
      'a token for another audience',
      () => issuer.mint({ roles: ['agii-medewerker'], claims: { aud: 'elsewhere' } }),
      'The bearer token is not meant for this service.',
    ],
    [
      'a token that is not a JWT',
      () => Promise.resolve('abc.def.ghi'),
      'The bearer token is not a well-formed JWT.',
    ],
    [
      'a coordinator token without NIS code',
      () => issuer.mint({ roles: ['gemeentelijk-coordinator'] }),
      'A gemeentelijk-coordinator token must carry the NIS code of its municipality.',
    ],
  ])('answers 401 with error="invalid_token" to %s', async (_case, token, detail) => {
    const answer = await get('/things/mine', bearer(await token()));
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe('Bearer realm="toevlucht", error="invalid_token"');
    expect(answer.body).toMatchObject({ status: 401, detail });
  });

  it('answers 401 to an Authorization header that is not a bearer token', async () => {
    const answer = await get('/things/mine', { authorization: 'Basic dXNlcjpwYXNz' });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      detail: 'The Authorization header must be "Bearer <token>".',
    });
  });

  it('answers 403 problem+json to a valid token whose roles are not allowed', async () => {
    const answer = await get(
      '/things/mine',
      bearer(await issuer.mint({ roles: ['rapportering'] })),
    );
    expect(answer.status).toBe(403);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.challenge).toBe('Bearer realm="toevlucht", error="insufficient_scope"');
    expect(answer.body).toEqual({
      type: 'https://toevlucht.dev/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'None of your roles may use this route.',
      instance: '/things/mine',
      errorId: expect.any(String),
    });
  });

  it('lets a method narrow its controller: the controller roles do not open it', async () => {
    const staff = await issuer.mint({ roles: ['agii-medewerker'] });
    expect((await get('/things/admin', bearer(staff))).status).toBe(403);
    const admin = await issuer.mint({ roles: ['beheerder'] });
    expect(await get('/things/admin', bearer(admin))).toMatchObject({
      status: 200,
      body: { ok: true },
    });
  });

  it('answers 200 to an allowed role and hands the principal to the handler', async () => {
    const token = await issuer.mint({
      roles: ['gemeentelijk-coordinator', 'not-ours'],
      nis: '44021',
      sub: 'coordinator-gent',
    });
    const answer = await get('/things/mine', bearer(token));
    expect(answer).toMatchObject({
      status: 200,
      body: { subject: 'coordinator-gent', roles: ['gemeentelijk-coordinator'], nisCode: '44021' },
    });
  });

  it('puts the actor (subject and roles) on the log lines of the request, and never the token', async () => {
    const token = await issuer.mint({ roles: ['agii-medewerker'], sub: 'staff-4711' });
    const answer = await get('/things/mine', bearer(token));
    expect(answer.status).toBe(200);
    const line = service.logs.find(
      (entry) =>
        entry['msg'] === 'listing things' &&
        (entry['actor'] as { subject?: string } | undefined)?.subject === 'staff-4711',
    );
    expect(line).toMatchObject({ actor: { subject: 'staff-4711', roles: ['agii-medewerker'] } });
    expect(typeof line?.['requestId']).toBe('string');
    const everything = JSON.stringify(service.logs);
    expect(everything).not.toContain(token.split('.')[1]);
    expect(everything).not.toContain(token.split('.')[2]);
  });

  it('keeps a @Public() route open without a token', async () => {
    expect(await get('/things/intake-form')).toMatchObject({
      status: 200,
      body: { anonymous: true },
    });
  });

  it('keeps health and metrics open, and counts refusals by reason', async () => {
    expect((await get('/health/live')).status).toBe(200);
    // Open without a token (the broker connection may still be coming up: wait for it).
    expect((await waitForStatus(`${service.url}/health/ready`, 200)).status).toBe(200);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body['text'])).toMatch(
      /toevlucht_http_access_refused_total\{status="401",reason="missing-token"[^}]*\} [1-9]/,
    );
    expect(String(metrics.body['text'])).toMatch(
      /toevlucht_http_access_refused_total\{status="403",reason="role-not-allowed"[^}]*\} [1-9]/,
    );
  });

  it('fetched the provider keys at start without a warning', () => {
    expect(
      service.logs.some((line) =>
        String(line['msg']).startsWith('identity provider keys not reachable at start'),
      ),
    ).toBe(false);
  });

  it('answers 404, not 401, for a path no route has', async () => {
    expect((await get('/nothing-here')).status).toBe(404);
  });
});

describe('the security guard while the identity provider keys cannot be fetched', () => {
  let issuer: DevTokenIssuer;
  let service: TestService;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    const deadJwks = `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`;
    class StrandedModule {}
    Module({
      imports: [
        SecurityModule.forRoot({
          env: { NODE_ENV: 'test', ...issuer.env(), OIDC_JWKS_URL: deadJwks },
        }),
      ],
      controllers: [ThingsController],
    })(StrandedModule);
    service = await startTestService({
      name: `test-guard-stranded-${process.pid}`,
      module: StrandedModule,
      contracts: ContractRegistry.fromSchemas([]),
    });
  });

  afterAll(async () => {
    await service.stop();
    await issuer.close();
  });

  it('answers 503 problem+json, not 401 and never 200, and logs the cause without the token', async () => {
    const token = await issuer.mint({ roles: ['agii-medewerker'] });
    const response = await fetch(`${service.url}/things/mine`, { headers: bearer(token) });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'https://toevlucht.dev/problems/authentication-unavailable',
      status: 503,
    });
    expect(service.logs.some((line) => line['msg'] === 'identity provider keys unavailable')).toBe(
      true,
    );
    await waitFor('the start-up warning about the keys', () =>
      Promise.resolve(
        service.logs.find((line) =>
          String(line['msg']).startsWith('identity provider keys not reachable at start'),
        ),
      ),
    );
    expect(JSON.stringify(service.logs)).not.toContain(token.split('.')[2]);
  });
});
