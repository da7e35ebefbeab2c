import { ROLES } from '@toevlucht/security';
import { SubsidyHarness } from './subsidy-harness';

const ID = '00000000-0000-4000-8000-000000000001';
const NIS = '24062';

const COORDINATOR_AND_CENTRAL = ['gemeentelijk-coordinator', 'centrale-validator'];

/** Every route of the subsidy API and the roles that may call it; everyone else gets 403. */
const ROUTES: { method: string; path: string; allowed: string[] }[] = [
  {
    method: 'GET',
    path: '/api/v1/tariffs',
    allowed: ['beheerder', 'centrale-validator', 'gemeentelijk-coordinator'],
  },
  { method: 'POST', path: '/api/v1/tariffs', allowed: ['beheerder'] },
  {
    method: 'GET',
    path: `/api/v1/beneficiaries/${NIS}`,
    allowed: ['beheerder', 'centrale-validator'],
  },
  { method: 'PUT', path: `/api/v1/beneficiaries/${NIS}`, allowed: ['beheerder'] },
  { method: 'POST', path: '/api/v1/claims', allowed: COORDINATOR_AND_CENTRAL },
  { method: 'GET', path: '/api/v1/claims', allowed: COORDINATOR_AND_CENTRAL },
  { method: 'GET', path: `/api/v1/claims/${ID}`, allowed: COORDINATOR_AND_CENTRAL },
  { method: 'GET', path: `/api/v1/claims/${ID}/versions/1`, allowed: COORDINATOR_AND_CENTRAL },
  { method: 'GET', path: `/api/v1/claims/${ID}/versions/1/csv`, allowed: COORDINATOR_AND_CENTRAL },
  {
    method: 'POST',
    path: `/api/v1/claims/${ID}/versions/1/submit`,
    allowed: ['gemeentelijk-coordinator'],
  },
  {
    method: 'POST',
    path: `/api/v1/claims/${ID}/versions/1/approve`,
    allowed: ['centrale-validator'],
  },
  {
    method: 'POST',
    path: `/api/v1/claims/${ID}/versions/1/reject`,
    allowed: ['centrale-validator'],
  },
];

describe('subsidy: who may call which route', () => {
  let harness: SubsidyHarness;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    harness = await SubsidyHarness.start('access');
    for (const role of ROLES) {
      tokens.set(
        role,
        await harness.token(role, role === 'gemeentelijk-coordinator' ? { nis: NIS } : {}),
      );
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('lists every route of the OpenAPI document in this table', async () => {
    const document = (await harness.call('GET', '/docs-json')).body;
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .filter((route) => route.includes(' /api/'));
    const tabled = ROUTES.map(
      (r) =>
        `${r.method} ${r.path
          .replace(ID, '{id}')
          .replace('/versions/1', '/versions/{version}')
          .replace(`/beneficiaries/${NIS}`, '/beneficiaries/{nisCode}')}`,
    );
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

  it('keeps health, metrics and the API documentation open', async () => {
    for (const path of ['/health/ready', '/metrics', '/docs-json']) {
      expect((await harness.call('GET', path)).status).toBe(200);
    }
  });
});
