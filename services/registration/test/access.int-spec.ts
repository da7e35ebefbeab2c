import { ROLES } from '@toevlucht/security';
import { RegistrationHarness } from './registration-harness';

const ID = '00000000-0000-4000-8000-000000000001';
const PERSON = '00000000-0000-4000-8000-000000000002';

/** Every route of the gateway and the roles that may call it; everyone else gets 403. */
const ROUTES: { method: string; path: string; allowed: string[] }[] = [
  { method: 'POST', path: '/api/v1/dossiers', allowed: ['agii-medewerker'] },
  { method: 'GET', path: '/api/v1/dossiers', allowed: ['agii-medewerker'] },
  { method: 'POST', path: '/api/v1/dossiers/search', allowed: ['agii-medewerker'] },
  { method: 'GET', path: `/api/v1/dossiers/${ID}`, allowed: ['agii-medewerker'] },
  { method: 'PATCH', path: `/api/v1/dossiers/${ID}`, allowed: ['agii-medewerker'] },
  { method: 'POST', path: `/api/v1/dossiers/${ID}/close`, allowed: ['agii-medewerker'] },
  { method: 'POST', path: `/api/v1/dossiers/${ID}/members`, allowed: ['agii-medewerker'] },
  {
    method: 'PATCH',
    path: `/api/v1/dossiers/${ID}/members/${PERSON}`,
    allowed: ['agii-medewerker'],
  },
  {
    method: 'DELETE',
    path: `/api/v1/dossiers/${ID}/members/${PERSON}`,
    allowed: ['agii-medewerker'],
  },
  {
    method: 'POST',
    path: `/api/v1/dossiers/${ID}/placement-request`,
    allowed: ['agii-medewerker'],
  },
  {
    method: 'POST',
    path: `/api/v1/dossiers/${ID}/members/${PERSON}/course-search`,
    allowed: ['agii-medewerker'],
  },
  {
    method: 'POST',
    path: `/api/v1/dossiers/${ID}/members/${PERSON}/course-enrolment`,
    allowed: ['agii-medewerker'],
  },
  { method: 'GET', path: '/api/v1/work-list', allowed: ['agii-medewerker'] },
  { method: 'POST', path: `/api/v1/work-list/${ID}/resolve`, allowed: ['agii-medewerker'] },
  { method: 'GET', path: '/api/v1/reports/referral-needs', allowed: ['rapportering', 'beheerder'] },
  { method: 'POST', path: '/api/v1/admin/retention/run', allowed: ['beheerder'] },
];

describe('registration: who may call which route', () => {
  let harness: RegistrationHarness;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    harness = await RegistrationHarness.start('access');
    for (const role of ROLES) {
      tokens.set(
        role,
        await harness.token(role, role === 'gemeentelijk-coordinator' ? { nis: '24062' } : {}),
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
      (r) => `${r.method} ${r.path.replace(ID, '{id}').replace(PERSON, '{personId}')}`,
    );
    expect(tabled.sort()).toEqual(documented.sort());
  });

  describe.each(ROUTES)('$method $path', ({ method, path, allowed }) => {
    it('answers 401 without a token, with a Bearer challenge', async () => {
      const answer = await harness.call(method, path, method === 'GET' ? {} : { body: {} });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
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
    for (const path of ['/health/live', '/metrics', '/docs-json', '/docs']) {
      expect((await harness.call('GET', path)).status).toBe(200);
    }
  });
});
