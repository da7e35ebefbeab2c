import { adult, household, minor, testInsz, yearsAgo } from './fixtures';
import { RegistrationHarness } from './registration-harness';

interface Row {
  need: string;
  eerstelijnszone: string | null;
  count: number | null;
  suppressed: boolean;
}

/**
 * Everything an outsider can learn from a published table by subtraction: every line (a
 * subtotal and the cells that add up to it) with exactly one unknown gives that unknown away;
 * repeated until nothing more follows.
 */
function recoverBySubtraction(rows: Row[]): Map<string, number> {
  const known = new Map<string, number>();
  const id = (r: { need: string | null; eerstelijnszone: string | null }) =>
    `${r.need}|${r.eerstelijnszone}`;
  const value = (r: Row) => (r.count !== null ? r.count : known.get(id(r)));
  const lines: { total: Row; parts: Row[] }[] = [];
  for (const total of rows) {
    if (total.need === null && total.eerstelijnszone === null) {
      lines.push({
        total,
        parts: rows.filter((r) => r.need !== null && r.eerstelijnszone === null),
      });
      lines.push({
        total,
        parts: rows.filter((r) => r.need === null && r.eerstelijnszone !== null),
      });
    } else if (total.eerstelijnszone === null) {
      lines.push({
        total,
        parts: rows.filter((r) => r.need === total.need && r.eerstelijnszone !== null),
      });
    } else if (total.need === null) {
      lines.push({
        total,
        parts: rows.filter((r) => r.eerstelijnszone === total.eerstelijnszone && r.need !== null),
      });
    }
  }
  for (let progress = true; progress;) {
    progress = false;
    for (const line of lines) {
      const members = [line.total, ...line.parts];
      const unknown = members.filter((r) => value(r) === undefined);
      if (unknown.length !== 1) continue;
      const partsSum = line.parts.reduce((sum, r) => sum + (value(r) ?? 0), 0);
      const missing = unknown[0]!;
      known.set(id(missing), missing === line.total ? partsSum : value(line.total)! - partsSum);
      progress = true;
    }
  }
  return known;
}

describe('registration: aggregate reports with small-count suppression, and retention', () => {
  let harness: RegistrationHarness;
  let staff: string;
  let reporter: string;
  let admin: string;

  beforeAll(async () => {
    harness = await RegistrationHarness.start('reporting');
    staff = await harness.token('agii-medewerker');
    reporter = await harness.token('rapportering');
    admin = await harness.token('beheerder');
    const inCity = (postcode: string, members: Record<string, unknown>[]) => ({
      ...household(members),
      receptionAddress: { street: 'Markt', houseNumber: '1', postcode },
    });
    const learner = (welfare: string[] = []) =>
      adult({ insz: undefined, needs: { dutchLessons: { wanted: true }, welfare } });
    const bodies = [
      inCity(
        '3000',
        Array.from({ length: 6 }, () => learner(['medical-care'])),
      ),
      inCity('2000', [learner(), learner()]),
      inCity('9000', [
        learner(['mental-health']),
        learner(['mental-health']),
        learner(['mental-health']),
        learner(),
        learner(),
      ]),
      inCity('9000', [minor({ insz: undefined })]),
    ];
    for (const body of bodies) {
      expect((await harness.call('POST', '/api/v1/dossiers', { token: staff, body })).status).toBe(
        201,
      );
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('counts needs by eerstelijnszone, suppresses small cells, and nothing suppressed can be recovered', async () => {
    const report = await harness.call(
      'GET',
      '/api/v1/reports/referral-needs?groupBy=eerstelijnszone',
      { token: reporter },
    );
    expect(report.status).toBe(200);
    expect(report.body.dimensions).toEqual(['need', 'eerstelijnszone']);
    const rows = report.body.rows as Row[];
    const cell = (need: string | null, zone: string | null) =>
      rows.find((r) => r.need === need && r.eerstelijnszone === zone);
    // Published counts are never small; the small ones are hidden.
    for (const row of rows) {
      if (!row.suppressed) expect(row.count === 0 || row.count! >= 5).toBe(true);
      else expect(row.count).toBeNull();
    }
    expect(cell('welfare:medical-care', 'elz29')).toBeUndefined(); // none in that zone
    expect(cell('dutch-lessons', null)).toMatchObject({ count: 13, suppressed: false });
    expect(cell('welfare:medical-care', null)).toMatchObject({ count: 6, suppressed: false });
    expect(cell(null, null)).toMatchObject({ count: 23, suppressed: false });
    const antwerp = rows.find((r) => r.need === 'dutch-lessons' && r.count === null);
    expect(antwerp).toBeDefined();

    const recovered = recoverBySubtraction(rows);
    const suppressed = rows
      .filter((r) => r.suppressed)
      .map((r) => `${r.need}|${r.eerstelijnszone}`);
    expect(suppressed.length).toBeGreaterThan(1);
    expect(suppressed.filter((key) => recovered.has(key))).toEqual([]);
  });

  it('serves the same table as CSV with stable column names', async () => {
    const csv = await harness.call(
      'GET',
      '/api/v1/reports/referral-needs?groupBy=eerstelijnszone,gender&format=csv',
      {
        token: reporter,
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...lines] = csv.text.trim().split('\r\n');
    expect(header).toBe('need,eerstelijnszone,gender,row_type,count,suppressed');
    expect(lines.some((line) => line.startsWith(',,,total,'))).toBe(true);
    expect(lines.every((line) => /,(true|false)$/.test(line))).toBe(true);
  });

  it('refuses an unknown grouping with 400', async () => {
    const answer = await harness.call('GET', '/api/v1/reports/referral-needs?groupBy=insz', {
      token: reporter,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].field).toBe('/groupBy/0');
  });

  it('anonymises a dossier closed longer ago than the retention period, leaving no personal value in any table', async () => {
    const birthDate = yearsAgo(47, 12);
    const secret = {
      insz: testInsz(birthDate, 37),
      birthDate,
      familyNames: ['Yaremchuk'],
      givenNames: ['Halyna'],
      phones: ['+32 485 11 22 33'],
      emails: ['halyna.y@example.com'],
    };
    const created = await harness.call('POST', '/api/v1/dossiers', {
      token: staff,
      body: {
        ...household([
          adult(secret),
          minor({
            insz: undefined,
            needs: {
              education: {
                alreadyEnrolled: false,
                desiredStudyArea: 'houtbewerking bij meester Petrenko',
              },
            },
          }),
        ]),
        receptionAddress: { street: 'Ladeuzeplein', houseNumber: '21', postcode: '3000' },
      },
    });
    expect(created.status).toBe(201);
    const closed = await harness.call('POST', `/api/v1/dossiers/${created.body.id}/close`, {
      token: staff,
      body: { reason: 'departed' },
      headers: { 'if-match': '"1"' },
    });
    expect(closed.status).toBe(200);
    expect(
      (await harness.call('POST', '/api/v1/admin/retention/run', { token: admin })).body,
    ).toEqual({ anonymised: 0 });
    await harness.sql(`UPDATE dossiers SET closed_at = now() - interval '31 days' WHERE id = $1`, [
      created.body.id,
    ]);
    // Two runs at once (the timer and an administrator, or two replicas): one anonymises it.
    const runs = await Promise.all([
      harness.call('POST', '/api/v1/admin/retention/run', { token: admin }),
      harness.call('POST', '/api/v1/admin/retention/run', { token: admin }),
    ]);
    expect(runs.map((run) => run.body.anonymised as number).sort()).toEqual([0, 1]);

    const tables = await harness.sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let everything = '';
    for (const { table_name } of tables) {
      everything += JSON.stringify(await harness.sql(`SELECT * FROM "${table_name}"`));
    }
    const before = await harness.call('GET', `/api/v1/dossiers/${created.body.id}`, {
      token: staff,
    });
    expect(before.status).toBe(404);
    for (const value of [
      secret.insz,
      'Yaremchuk',
      'Halyna',
      '485112233',
      'halyna.y@example.com',
      'Ladeuzeplein',
      birthDate,
      'Petrenko',
    ]) {
      expect(everything).not.toContain(value);
    }
    const person = await harness.sql<Record<string, unknown>>(
      'SELECT family_names_enc, insz_enc, birth_date, age_band_at_anonymisation, gender FROM persons WHERE dossier_id = $1',
      [created.body.id],
    );
    expect(person).toEqual(
      expect.arrayContaining([
        {
          family_names_enc: null,
          insz_enc: null,
          birth_date: null,
          age_band_at_anonymisation: '45-64',
          gender: 'F',
        },
      ]),
    );
    const audit = await harness.sql<{ action: string; actor: string; role: string }>(
      `SELECT action, actor, role FROM audit_log WHERE $1 = ANY(subject_ids) AND action = 'anonymise'`,
      [created.body.id],
    );
    expect(audit).toEqual([{ action: 'anonymise', actor: 'user-beheerder', role: 'beheerder' }]);
  });
});
