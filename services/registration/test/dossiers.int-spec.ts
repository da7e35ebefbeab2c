import { randomUUID } from 'node:crypto';
import { verifyAuditLog } from '@toevlucht/security';
import { testPostgresServerUrl } from '@toevlucht/testing';
import { Client, Pool } from 'pg';
import { adult, household, minor, testInsz, yearsAgo } from './fixtures';
import { RegistrationHarness } from './registration-harness';

describe('registration: dossiers over HTTP, with real tokens, PostgreSQL and RabbitMQ', () => {
  let harness: RegistrationHarness;
  let staff: string;

  beforeAll(async () => {
    harness = await RegistrationHarness.start('dossiers');
    staff = await harness.token('agii-medewerker', { sub: 'staff-1' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  const create = (body: unknown, headers: Record<string, string> = {}) =>
    harness.call('POST', '/api/v1/dossiers', { token: staff, body, headers });

  it('registers a household: 201, Location, ETag, members with pending verification', async () => {
    const answer = await create(
      household([adult({ insz: testInsz(yearsAgo(40), 11) }), minor({ insz: undefined })]),
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/api/v1/dossiers/${answer.body.id}`);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.body).toMatchObject({ status: 'open', version: 1, nisCode: '24062' });
    expect(answer.body.members.map((m: any) => m.verification.status)).toEqual([
      'pending',
      'not-applicable',
    ]);
    expect(answer.body.members[0].phones).toEqual(['+380441234567']);
    expect(answer.body.members[0].isReference).toBe(true);

    const read = await harness.call('GET', `/api/v1/dossiers/${answer.body.id}`, { token: staff });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(answer.body);
  });

  it.each([
    ['insz checksum', { insz: '85031400299' }, '/members/0/insz', 'insz-checksum'],
    ['insz format', { insz: '1234' }, '/members/0/insz', 'insz-format'],
    [
      'birth date in the future',
      { birthDate: '2999-01-01', insz: undefined },
      '/members/0/birthDate',
      'date-in-future',
    ],
    [
      'impossible birth date',
      { birthDate: '2001-02-29', insz: undefined },
      '/members/0/birthDate',
      'invalid-date',
    ],
    ['phone number', { phones: ['12'] }, '/members/0/phones/0', 'invalid-phone'],
    ['e-mail address', { emails: ['not-an-address'] }, '/members/0/emails/0', 'invalid-email'],
    ['nationality', { nationality: 'XX' }, '/members/0/nationality', 'unknown-country'],
    ['gender', { gender: 'female' }, '/members/0/gender', 'invalid-value'],
    ['unknown field', { shoeSize: 42 }, '/members/0', 'unknown-field'],
    ['missing family name', { familyNames: [] }, '/members/0/familyNames', 'too-small'],
    [
      'education need for an adult',
      { needs: { education: { alreadyEnrolled: false } } },
      '/members/0/needs/education',
      'not-a-minor',
    ],
  ])('refuses an invalid %s with 400 naming the field', async (_what, override, field, code) => {
    const answer = await create(
      household([adult({ insz: testInsz(yearsAgo(50), 21), ...override })]),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      type: 'https://toevlucht.dev/problems/validation-failed',
      status: 400,
    });
    expect(answer.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, code })]),
    );
    // The error never repeats what was sent.
    for (const value of Object.values(override)) {
      if (typeof value === 'string' && value.length > 3) expect(answer.text).not.toContain(value);
    }
  });

  it('refuses an invalid postcode format, but accepts an unknown postcode with a work item', async () => {
    const bad = await create({
      ...household([adult({ insz: undefined })]),
      receptionAddress: { street: 'X', houseNumber: '1', postcode: '30' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('/receptionAddress/postcode');

    const special = await create({
      ...household([adult({ insz: undefined, familyNames: ['Bondarenko'] })]),
      receptionAddress: { street: 'Postbus', houseNumber: '1', postcode: '1005' },
    });
    expect(special.status).toBe(201);
    expect(special.body.nisCode).toBeUndefined();
    const work = await harness.call('GET', '/api/v1/work-list?kind=unknown-postcode', {
      token: staff,
    });
    expect(work.body.items.map((i: any) => i.dossierId)).toContain(special.body.id);
  });

  it('flags, not refuses, a declared birth date that disagrees with the INSZ', async () => {
    const insz = testInsz('1979-06-02', 45);
    const answer = await create(
      household([adult({ insz, birthDate: '1979-06-03', gender: 'M', familyNames: ['Melnyk'] })]),
    );
    expect(answer.status).toBe(201);
    expect(answer.body.members[0].flags).toEqual(['insz-birth-date-mismatch']);
    // Changing something else keeps the one open question, not a second copy of it.
    const changed = await harness.call(
      'PATCH',
      `/api/v1/dossiers/${answer.body.id}/members/${answer.body.members[0].id}`,
      {
        token: staff,
        body: { phones: ['+32 470 99 88 77'] },
        headers: { 'if-match': '"1"' },
      },
    );
    expect(changed.status).toBe(200);
    const open = await harness.sql(
      `SELECT kind FROM work_items WHERE person_id = $1 AND resolved_at IS NULL`,
      [answer.body.members[0].id],
    );
    expect(open).toEqual([{ kind: 'insz-birth-date-mismatch' }]);
    // Reading the work list is a read of personal data: audited.
    const before = Number(
      (await harness.sql<{ n: string }>('SELECT count(*) AS n FROM audit_log'))[0]!.n,
    );
    await harness.call('GET', '/api/v1/work-list', { token: staff });
    const audit = await harness.sql<{ action: string; route: string }>(
      'SELECT action, route FROM audit_log WHERE seq > $1',
      [before],
    );
    expect(audit).toEqual([{ action: 'read', route: 'GET /api/v1/work-list' }]);
  });

  it('rejects malformed JSON and oversized bodies with problem+json', async () => {
    const malformed = await harness.call('POST', '/api/v1/dossiers', {
      token: staff,
      raw: '{"members": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('https://toevlucht.dev/problems/malformed-json');
    const huge = await harness.call('POST', '/api/v1/dossiers', {
      token: staff,
      raw: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const service = await harness.call('GET', '/health/live');
    expect(service.status).toBe(200);
  });

  it('creates once per Idempotency-Key, and refuses the key with another body', async () => {
    const key = randomUUID();
    const body = household([adult({ insz: testInsz(yearsAgo(28), 33), familyNames: ['Kravets'] })]);
    const [first, second] = await Promise.all([
      create(body, { 'idempotency-key': key }),
      create(body, { 'idempotency-key': key }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    const third = await create(body, { 'idempotency-key': key });
    expect(third.status).toBe(200);
    expect(third.body.id).toBe(first.body.id);
    const other = await create(household([adult({ insz: undefined, familyNames: ['Other'] })]), {
      'idempotency-key': key,
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://toevlucht.dev/problems/idempotency-key-reused');
  });

  it('refuses an INSZ already in an open dossier with 409 and the existing id; frees it on close', async () => {
    const insz = testInsz(yearsAgo(45), 57);
    const first = await create(household([adult({ insz, familyNames: ['Tkachenko'] })]));
    expect(first.status).toBe(201);
    const again = await create(
      household([
        adult({
          insz: `${insz.slice(0, 6)}-${insz.slice(6, 9)}.${insz.slice(9)}`,
          familyNames: ['Tkachenko'],
        }),
      ]),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'https://toevlucht.dev/problems/duplicate-insz',
      existingDossierId: first.body.id,
    });
    expect(again.text).not.toContain(insz);

    const closed = await harness.call('POST', `/api/v1/dossiers/${first.body.id}/close`, {
      token: staff,
      body: { reason: 'departed' },
      headers: { 'if-match': '"1"' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await create(household([adult({ insz, familyNames: ['Tkachenko'] })]))).status).toBe(
      201,
    );
  });

  it('creates a possible duplicate (same name and birth date) and puts it on the work list', async () => {
    const person = {
      insz: undefined,
      familyNames: ['Lysenko'],
      givenNames: ['Iryna'],
      birthDate: '1990-02-11',
    };
    const first = await create(household([adult(person)]));
    // Capitals and the Cyrillic spelling are the same person for matching.
    const second = await create(
      household([adult({ ...person, familyNames: ['ЛИСЕНКО'], givenNames: ['IRYNA'] })]),
    );
    expect(second.status).toBe(201);
    const work = await harness.call('GET', '/api/v1/work-list?kind=possible-duplicate', {
      token: staff,
    });
    const item = work.body.items.find((i: any) => i.dossierId === second.body.id);
    expect(item.detail.otherDossierIds).toEqual([first.body.id]);
  });

  it('writes the registered history entry and every work item of a new dossier with it', async () => {
    const twin = {
      insz: undefined,
      familyNames: ['Hnatiuk'],
      givenNames: ['Oksana'],
      birthDate: '1987-09-23',
    };
    const first = await create(household([adult(twin)]));
    const insz = testInsz('1981-04-07', 61);
    const second = await create({
      ...household([
        adult({ insz, birthDate: '1981-04-08', gender: 'M', familyNames: ['Kravets'] }),
        adult({ ...twin, phones: [], emails: [] }),
      ]),
      receptionAddress: { street: 'Postbus', houseNumber: '7', postcode: '1005' },
    });
    expect(second.status).toBe(201);
    const [flagged, duplicate] = second.body.members;
    const items = await harness.sql<{ person_id: string | null; kind: string; detail: unknown }>(
      'SELECT person_id, kind, detail FROM work_items WHERE dossier_id = $1 ORDER BY kind',
      [second.body.id],
    );
    expect(items).toEqual([
      { person_id: flagged.id, kind: 'insz-birth-date-mismatch', detail: null },
      {
        person_id: duplicate.id,
        kind: 'possible-duplicate',
        detail: { otherDossierIds: [first.body.id] },
      },
      { person_id: null, kind: 'unknown-postcode', detail: null },
    ]);
    const history = await harness.sql(
      'SELECT actor, event, status FROM dossier_history WHERE dossier_id = $1',
      [second.body.id],
    );
    expect(history).toEqual([{ actor: 'staff-1', event: 'registered', status: 'open' }]);
    // What the POST answered is what is stored.
    const read = await harness.call('GET', `/api/v1/dossiers/${second.body.id}`, { token: staff });
    expect(read.body).toEqual(second.body);
  });

  it('updates with If-Match: 428 without it, 412 when stale, 200 with the new ETag', async () => {
    const created = await create(household([adult({ insz: undefined, familyNames: ['Bondar'] })]));
    const path = `/api/v1/dossiers/${created.body.id}`;
    const change = { consent: { referralSharing: false, partnerContact: true } };
    expect((await harness.call('PATCH', path, { token: staff, body: change })).status).toBe(428);
    const updated = await harness.call('PATCH', path, {
      token: staff,
      body: change,
      headers: { 'if-match': '"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body.consent).toEqual(change.consent);
    const stale = await harness.call('PATCH', path, {
      token: staff,
      body: change,
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.currentEtag).toBe('"2"');
    const weak = await harness.call('PATCH', path, {
      token: staff,
      body: change,
      headers: { 'if-match': 'W/"2"' },
    });
    expect(weak.status).toBe(412);
    const garbage = await harness.call('PATCH', path, {
      token: staff,
      body: change,
      headers: { 'if-match': 'two' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe('header:If-Match');
  });

  it('adds, changes and removes members; the reference person stays', async () => {
    const created = await create(household([adult({ insz: undefined, familyNames: ['Koval'] })]));
    const path = `/api/v1/dossiers/${created.body.id}`;
    const added = await harness.call('POST', `${path}/members`, {
      token: staff,
      body: minor({ insz: undefined, familyNames: ['Koval'] }),
      headers: { 'if-match': '"1"' },
    });
    expect(added.status).toBe(201);
    const child = added.body.members[1];
    const changed = await harness.call('PATCH', `${path}/members/${child.id}`, {
      token: staff,
      body: {
        givenNames: ['Mykola'],
        needs: { education: { alreadyEnrolled: true, level: 'lager' } },
      },
      headers: { 'if-match': '"2"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.members[1].givenNames).toEqual(['Mykola']);
    const refused = await harness.call('DELETE', `${path}/members/${created.body.members[0].id}`, {
      token: staff,
      headers: { 'if-match': '"3"' },
    });
    expect(refused.status).toBe(409);
    const removed = await harness.call('DELETE', `${path}/members/${child.id}`, {
      token: staff,
      headers: { 'if-match': '"3"' },
    });
    expect(removed.status).toBe(200);
    expect(removed.body.members).toHaveLength(1);
  });

  it('finds dossiers by INSZ and by name and birth date, through POST so no value is in a URL', async () => {
    const insz = testInsz('1968-12-30', 77);
    const created = await create(
      household([
        adult({ insz, familyNames: ['Hnatiuk'], givenNames: ['Oksana'], birthDate: '1968-12-30' }),
      ]),
    );
    const byInsz = await harness.call('POST', '/api/v1/dossiers/search', {
      token: staff,
      body: { insz: `${insz.slice(0, 2)}.${insz.slice(2)}` },
    });
    expect(byInsz.status).toBe(200);
    expect(byInsz.body.map((d: any) => d.id)).toEqual([created.body.id]);
    const byName = await harness.call('POST', '/api/v1/dossiers/search', {
      token: staff,
      body: { familyName: 'hnatiuk', givenName: 'OKSANA', birthDate: '1968-12-30' },
    });
    expect(byName.body.map((d: any) => d.id)).toEqual([created.body.id]);
    const none = await harness.call('POST', '/api/v1/dossiers/search', {
      token: staff,
      body: { insz: testInsz('1968-12-30', 79) },
    });
    expect(none.body).toEqual([]);
  });

  it('lists dossiers by page', async () => {
    const page = await harness.call('GET', '/api/v1/dossiers?limit=2&offset=1', { token: staff });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(3);
    expect(
      (await harness.call('GET', '/api/v1/dossiers?limit=1000', { token: staff })).status,
    ).toBe(400);
  });

  it('keeps INSZ, phone, e-mail, names and street unreadable in the database and out of the logs', async () => {
    const secret = {
      insz: testInsz('1971-07-19', 95),
      familyNames: ['Zaporozhets'],
      givenNames: ['Valentyna'],
      phones: ['+32 470 12 34 56'],
      emails: ['valentyna.z@example.net'],
    };
    const created = await create({
      ...household([adult(secret)]),
      receptionAddress: { street: 'Vaartkom', houseNumber: '77', postcode: '3000' },
    });
    expect(created.status).toBe(201);
    await harness.call('GET', `/api/v1/dossiers/${created.body.id}`, { token: staff });
    const dump = JSON.stringify(
      await harness.sql(
        `SELECT d.*, p.* FROM dossiers d JOIN persons p ON p.dossier_id = d.id WHERE d.id = $1`,
        [created.body.id],
      ),
    );
    const outbox = JSON.stringify(await harness.sql(`SELECT headers FROM outbox`));
    const logs = JSON.stringify(harness.service.logs);
    for (const value of [
      secret.insz,
      'Zaporozhets',
      'Valentyna',
      '470123456',
      'valentyna.z@example.net',
      'Vaartkom',
    ]) {
      expect(dump).not.toContain(value);
      expect(logs).not.toContain(value);
      expect(outbox).not.toContain(value);
    }
    expect(dump).toContain('"postcode":"3000"');
  });

  it('writes one audit row per read and write, and audit verification finds an edited and a deleted row', async () => {
    const before = Number(
      (await harness.sql<{ n: string }>('SELECT count(*) AS n FROM audit_log'))[0]!.n,
    );
    const created = await create(household([adult({ insz: undefined, familyNames: ['Audit'] })]));
    await harness.call('GET', `/api/v1/dossiers/${created.body.id}`, { token: staff });
    const rows = await harness.sql<{
      action: string;
      actor: string;
      route: string;
      subject_ids: string[];
    }>('SELECT action, actor, route, subject_ids FROM audit_log WHERE seq > $1 ORDER BY seq', [
      before,
    ]);
    expect(rows.map((r) => [r.action, r.actor, r.route])).toEqual([
      ['create', 'staff-1', 'POST /api/v1/dossiers'],
      ['read', 'staff-1', 'GET /api/v1/dossiers/:id'],
    ]);
    expect(rows[1]!.subject_ids).toContain(created.body.id);

    const pool = new Pool({ connectionString: harness.database.url, max: 1 });
    const verify = () => verifyAuditLog(pool);
    expect((await verify()).intact).toBe(true);
    // Tampering needs the trigger off, which only an owner or superuser can do: audit:verify is
    // what shows that someone did.
    const superuser = new Client({
      connectionString: `${testPostgresServerUrl().replace(/\/\/[^@]*@/, '//postgres@')}/${harness.database.name}`,
    });
    await superuser.connect();
    try {
      await expect(
        superuser.query(`UPDATE audit_log SET purpose = 'x' WHERE seq = $1`, [before + 1]),
      ).rejects.toThrow(/append-only/);
      await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await superuser.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = $1`, [
        before + 1,
      ]);
      const edited = await verify();
      expect(edited).toMatchObject({ intact: false });
      expect(JSON.stringify(edited)).toContain(String(before + 1));
      await superuser.query(`UPDATE audit_log SET actor = 'staff-1' WHERE seq = $1`, [before + 1]);
      expect((await verify()).intact).toBe(true);
      // A deleted row inside the chain breaks it; a deleted tail needs an anchor (a head seq and
      // hash kept elsewhere), which verifyAuditLog also takes.
      const head = (await verify()).head;
      await superuser.query(`DELETE FROM audit_log WHERE seq = $1`, [before + 1]);
      const deleted = await verify();
      expect(deleted.intact).toBe(false);
      expect(JSON.stringify(deleted.break)).toContain(String(before + 1));
      await superuser.query(`DELETE FROM audit_log WHERE seq >= $1`, [before + 1]);
      const truncated = await verifyAuditLog(pool, { anchor: head! });
      expect(truncated.intact).toBe(false);
    } finally {
      await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER USER').catch(() => undefined);
      await superuser.end();
      await pool.end();
    }
  });
});
