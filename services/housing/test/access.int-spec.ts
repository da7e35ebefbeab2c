import { ROLES } from '@toevlucht/security';
import { HousingHarness } from './housing-harness';

const ID = '00000000-0000-4000-8000-000000000001';

const VALIDATORS = ['gemeentelijk-coordinator', 'centrale-validator'];

/** Every route of housing and the roles that may call it; everyone else gets 403. */
const ROUTES: { method: string; path: string; allowed: string[] }[] = [
  { method: 'POST', path: '/api/v1/offers', allowed: ['gemeentelijk-coordinator'] },
  { method: 'GET', path: '/api/v1/offers', allowed: VALIDATORS },
  { method: 'GET', path: `/api/v1/offers/${ID}`, allowed: VALIDATORS },
  { method: 'GET', path: `/api/v1/offers/${ID}/history`, allowed: VALIDATORS },
  { method: 'POST', path: `/api/v1/offers/${ID}/transitions`, allowed: VALIDATORS },
  { method: 'GET', path: '/api/v1/placement-requests', allowed: VALIDATORS },
  { method: 'POST', path: `/api/v1/places/${ID}/placements`, allowed: VALIDATORS },
  { method: 'POST', path: `/api/v1/placements/${ID}/end`, allowed: VALIDATORS },
  { method: 'GET', path: '/api/v1/occupancy', allowed: [...VALIDATORS, 'rapportering'] },
  { method: 'POST', path: '/api/v1/coordinators', allowed: ['beheerder'] },
  { method: 'GET', path: '/api/v1/coordinators', allowed: ['beheerder'] },
  { method: 'POST', path: `/api/v1/coordinators/${ID}/deactivate`, allowed: ['beheerder'] },
];

describe('housing: who may call which route', () => {
  let harness: HousingHarness;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    harness = await HousingHarness.start('access');
    for (const role of ROLES) {
      tokens.set(
        role,
        role === 'gemeentelijk-coordinator'
          ? await harness.coordinator('24062')
          : await harness.token(role),
      );
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('lists every route of the OpenAPI document in this table (and the public intake)', async () => {
    const document = (await harness.call('GET', '/docs-json')).body;
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((route) => route.includes(' /api/'));
    const tabled = [
      ...ROUTES.map(
        (r) =>
          `${r.method} ${r.path.replace(ID, r.path.includes('/places/') ? '{placeId}' : '{id}')}`,
      ),
      'POST /api/v1/public/offers',
    ];
    expect(tabled.sort()).toEqual(documented.sort());
  });

  describe.each(ROUTES)('$method $path', ({ method, path, allowed }) => {
    it('answers 401 without a token', async () => {
      const answer = await harness.call(method, path, method === 'GET' ? {} : { body: {} });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it.each([...ROLES])('role %s', async (role) => {
      const token = tokens.get(role)!;
      const answer = await harness.call(
        method,
        path,
        method === 'GET' ? { token } : { token, body: {} },
      );
      if (allowed.includes(role)) {
        expect(answer.status).not.toBe(401);
        expect(answer.status).not.toBe(403);
      } else {
        expect(answer.status).toBe(403);
      }
    });
  });

  it('refuses a coordinator token of a subject nobody registered', async () => {
    const stranger = await harness.token('gemeentelijk-coordinator', {
      sub: 'not-registered',
      nis: '24062',
    });
    const answer = await harness.call('GET', '/api/v1/offers', { token: stranger });
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toContain('not an active coordinator');
    // Registered for Leuven, token for Antwerpen: refused too.
    const elsewhere = await harness.token('gemeentelijk-coordinator', {
      sub: 'coordinator-24062',
      nis: '11002',
    });
    expect((await harness.call('GET', '/api/v1/offers', { token: elsewhere })).status).toBe(403);
  });
});
