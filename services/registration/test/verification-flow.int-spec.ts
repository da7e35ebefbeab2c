import { waitFor } from '@toevlucht/testing';
import { adult, household, minor, testInsz, yearsAgo } from './fixtures';
import { type AdapterAnswer, FakeAdapters, RegistrationHarness } from './registration-harness';

/**
 * The mesh flows of a registration, with a test consumer answering the commands as the adapters
 * will: the register finds, does not find, disagrees, renumbers, or is down for a while.
 */
describe('registration: identity, education, course and placement flows through the mesh', () => {
  let harness: RegistrationHarness;
  let adapters: FakeAdapters;
  let staff: string;
  /** What the register says per INSZ; missing = not found; 'down' = no answer (yet). */
  const register = new Map<string, Record<string, unknown> | 'down' | { changedTo: string }>();
  let enrolments: Record<string, unknown>[] = [];

  const answer = (type: string, data: Record<string, unknown>): AdapterAnswer => {
    const subject = { subjectRef: data['subjectRef'], requester: data['requester'] };
    const insz = data['insz'] as string;
    switch (type) {
      case 'rijksregister.person.lookup.v1': {
        const entry = register.get(insz);
        if (entry === 'down') return 'hold';
        if (entry === undefined)
          return {
            type: 'rijksregister.person.not-found.v1',
            data: { ...subject, insz, referte: 'r-nf', code: '30001' },
          };
        if ('changedTo' in entry)
          return {
            type: 'rijksregister.person.insz-changed.v1',
            data: { ...subject, referte: 'r-ch', previousInsz: insz, currentInsz: entry.changedTo },
          };
        return {
          type: 'rijksregister.person.looked-up.v1',
          data: { ...subject, insz, referte: 'r-ok', person: entry },
        };
      }
      case 'magda.onderwijs.enrolment-history.lookup.v1':
        return {
          type: 'magda.onderwijs.enrolment-history.retrieved.v1',
          data: { ...subject, referte: 'r-ed', enrolments },
        };
      case 'davinci.course-offers.search.v1':
        return {
          type: 'davinci.course-offers.found.v1',
          data: {
            ...subject,
            offers: [
              {
                offerId: 'o-1',
                courseCode: 'NT2-1.1',
                institution: 'CVO Leuven',
                postcode: data['postcode'],
                lessonMomentSlots: [
                  { lessonMomentId: 'lm-mon', description: 'maandag 9-12', freePlaces: 3 },
                  { lessonMomentId: 'lm-full', description: 'woensdag 18-21', freePlaces: 0 },
                ],
              },
            ],
          },
        };
      case 'davinci.enrolment.create.v1':
        return data['lessonMomentId'] === 'lm-full'
          ? {
              type: 'davinci.enrolment.refused.v1',
              data: {
                ...subject,
                enrolmentKey: data['enrolmentKey'],
                offerId: data['offerId'],
                lessonMomentId: data['lessonMomentId'],
                reason: 'full',
              },
            }
          : {
              type: 'davinci.enrolment.confirmed.v1',
              data: {
                ...subject,
                enrolmentKey: data['enrolmentKey'],
                registrationId: 'reg-1',
                placementId: 'pl-1',
                offerId: data['offerId'],
                lessonMomentId: data['lessonMomentId'],
                placementStatus: 'toegewezen',
                paymentStatus: 'vrijgesteld',
              },
            };
      case 'housing.placement.request.v1':
        return {
          type: 'housing.placement.assigned.v1',
          data: {
            dossierId: data['dossierId'],
            placementId: '6f1b7a34-8d1e-4c55-9a0b-2b1d3e4f5a60',
            placeId: '0c8e2f4a-1b3d-4e5f-8a7b-9c0d1e2f3a4b',
            nisCode: '24062',
            persons: data['householdSize'],
            from: '2026-12-01',
          },
        };
      default:
        return 'no-answer';
    }
  };

  beforeAll(async () => {
    harness = await RegistrationHarness.start('flows');
    adapters = await FakeAdapters.start(answer);
    staff = await harness.token('agii-medewerker');
  });

  afterAll(async () => {
    await adapters.stop();
    await harness.stop();
  });

  async function register_(members: Record<string, unknown>[]): Promise<any> {
    const created = await harness.call('POST', '/api/v1/dossiers', {
      token: staff,
      body: household(members),
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /**
   * The dossier once `done` holds, seen twice in a row with the same version. A GET reads the
   * dossier row, then its members: an answer committing in between shows its members with the
   * version from before it (the safe way round: a write with that ETag gets a 412). A test that
   * writes with the version it waited for must not take such a view, so it waits for the next.
   */
  async function settled(id: string, done: (dossier: any) => boolean): Promise<any> {
    let previous: any;
    let dossier: any;
    return waitFor(
      'the dossier to reflect the answers',
      async () => {
        dossier = (await harness.call('GET', `/api/v1/dossiers/${id}`, { token: staff })).body;
        const stable = done(dossier) && previous?.version === dossier.version;
        previous = done(dossier) ? dossier : undefined;
        if (stable) return dossier;
        throw new Error(
          `last seen: version ${String(dossier?.version)}, placement ${String(dossier?.placement?.status)}`,
        );
      },
      15_000,
    );
  }

  const official = (overrides: Record<string, unknown> = {}) => ({
    familyNames: ['SHEVCHENKO'],
    givenNames: ['Olena', 'Petrivna'],
    gender: 'F',
    register: 'bis',
    ...overrides,
  });

  it('registers then looks up each person with an INSZ, and marks a confirmed identity verified', async () => {
    const birthDate = yearsAgo(33, 3);
    const insz = testInsz(birthDate, 4);
    register.set(insz, official({ birthDate }));
    const dossier = await register_([adult({ insz, birthDate })]);
    const after = await settled(dossier.id, (d) => d.members[0].verification.status !== 'pending');
    expect(after.members[0].verification).toMatchObject({ status: 'verified', referte: 'r-ok' });
    const person = after.members[0].id;
    const commands = adapters.received
      .filter((r) => r.data['subjectRef'] === person)
      .map((r) => r.type);
    expect(commands.slice(0, 2)).toEqual([
      'rijksregister.person.register.v1',
      'rijksregister.person.lookup.v1',
    ]);
  });

  it('puts the fields that disagree with the register on the work list', async () => {
    const birthDate = yearsAgo(52, 1);
    const insz = testInsz(birthDate, 6);
    register.set(insz, official({ familyNames: ['Petrenko'], birthDate }));
    const dossier = await register_([adult({ insz, birthDate, familyNames: ['Shevchenko'] })]);
    const after = await settled(dossier.id, (d) => d.members[0].verification.status !== 'pending');
    expect(after.members[0].verification).toMatchObject({
      status: 'mismatch',
      mismatches: ['familyNames'],
    });
    const work = await harness.call('GET', '/api/v1/work-list?kind=identity-mismatch', {
      token: staff,
    });
    const item = work.body.items.find((i: any) => i.personId === after.members[0].id);
    expect(item.detail).toEqual({ fields: ['familyNames'] });
  });

  it('flags a number the register does not know', async () => {
    const birthDate = yearsAgo(61, 2);
    const dossier = await register_([adult({ insz: testInsz(birthDate, 8), birthDate })]);
    const after = await settled(dossier.id, (d) => d.members[0].verification.status !== 'pending');
    expect(after.members[0].verification).toMatchObject({ status: 'not-found', code: '30001' });
  });

  it('re-keys a person whose BIS number was replaced, keeps the old one, and verifies again', async () => {
    const birthDate = yearsAgo(29, 5);
    const bisNumber = testInsz(birthDate, 10, { bis: true });
    const national = testInsz(birthDate, 12);
    register.set(bisNumber, { changedTo: national });
    register.set(national, official({ birthDate }));
    const dossier = await register_([adult({ insz: bisNumber, birthDate })]);
    const after = await settled(dossier.id, (d) => d.members[0].verification.status === 'verified');
    expect(after.members[0].insz).toBe(national);
    const history = await harness.sql<{ reason: string }>(
      'SELECT reason FROM person_insz_history WHERE person_id = $1',
      [after.members[0].id],
    );
    expect(history).toEqual([{ reason: 'insz-changed' }]);
    const byOld = await harness.call('POST', '/api/v1/dossiers/search', {
      token: staff,
      body: { insz: bisNumber },
    });
    expect(byOld.body).toEqual([]);
    const byNew = await harness.call('POST', '/api/v1/dossiers/search', {
      token: staff,
      body: { insz: national },
    });
    expect(byNew.body.map((d: any) => d.id)).toEqual([dossier.id]);
  });

  it('leaves a person pending, without any error, while the register is down, and verifies once it answers', async () => {
    const birthDate = yearsAgo(44, 7);
    const insz = testInsz(birthDate, 14);
    register.set(insz, 'down');
    const dossier = await register_([adult({ insz, birthDate })]);
    await waitFor(
      'the lookup to be sent',
      () =>
        Promise.resolve(
          adapters.of('rijksregister.person.lookup.v1').find((d) => d['insz'] === insz),
        ),
      10_000,
    );
    const waiting = await harness.call('GET', `/api/v1/dossiers/${dossier.id}`, { token: staff });
    expect(waiting.status).toBe(200);
    expect(waiting.body.members[0].verification.status).toBe('pending');
    // The adapter holds its lookups while the register is down and answers when it is back.
    register.set(insz, official({ birthDate }));
    expect(await adapters.releaseHeld()).toBe(1);
    const after = await settled(dossier.id, (d) => d.members[0].verification.status === 'verified');
    expect(after.members[0].verification.status).toBe('verified');
  });

  it('records a school-age child without a current enrolment on the work list', async () => {
    enrolments = [];
    const dossier = await register_([adult({ insz: undefined }), minor()]);
    const after = await settled(dossier.id, (d) => d.members[1].education !== undefined);
    expect(after.members[1].education).toMatchObject({
      currentlyEnrolled: false,
      institutions: [],
    });
    const work = await harness.call('GET', '/api/v1/work-list?kind=school-age-not-enrolled', {
      token: staff,
    });
    expect(work.body.items.map((i: any) => i.personId)).toContain(after.members[1].id);
  });

  it('records where an enrolled child goes to school, without a work item', async () => {
    enrolments = [
      {
        source: 'LP',
        institutionNumber: '012345',
        institutionName: 'Basisschool De Linde',
        begin: `${new Date().getUTCFullYear() - 1}-09-01`,
      },
    ];
    const birthDate = yearsAgo(8, 3);
    const dossier = await register_([
      adult({ insz: undefined }),
      minor({ insz: testInsz(birthDate, 15), birthDate }),
    ]);
    const after = await settled(dossier.id, (d) => d.members[1].education !== undefined);
    expect(after.members[1].education).toMatchObject({
      currentlyEnrolled: true,
      institutions: [{ number: '012345', name: 'Basisschool De Linde' }],
    });
    const work = await harness.call('GET', '/api/v1/work-list?kind=school-age-not-enrolled', {
      token: staff,
    });
    expect(work.body.items.map((i: any) => i.personId)).not.toContain(after.members[1].id);
  });

  it('searches Dutch courses near the reception address for an adult who wants them', async () => {
    const dossier = await register_([adult({ insz: undefined })]);
    const after = await settled(dossier.id, (d) => d.members[0].courseOffers !== undefined);
    expect(after.members[0].courseOffers).toEqual([
      expect.objectContaining({
        offerId: 'o-1',
        courseCode: 'NT2-1.1',
        institution: 'CVO Leuven',
        postcode: '3000',
      }),
    ]);
    expect(
      adapters
        .of('davinci.course-offers.search.v1')
        .find((d) => d['subjectRef'] === after.members[0].id),
    ).toMatchObject({ postcode: '3000', level: '1.1' });
  });

  it('enrols an adult in a lesson moment on staff request, and shows DAVINCI refusing a full one', async () => {
    const dossier = await register_([adult({ insz: undefined, birthDate: '1987-02-03' })]);
    const found = await settled(dossier.id, (d) => d.members[0].courseOffers !== undefined);
    const person = found.members[0].id;
    const enrol = (lessonMomentId: string, etag: string) =>
      harness.call('POST', `/api/v1/dossiers/${dossier.id}/members/${person}/course-enrolment`, {
        token: staff,
        body: { offerId: 'o-1', lessonMomentId, feeExemptionRequested: true },
        headers: { 'if-match': etag },
      });
    const unknown = await harness.call(
      'POST',
      `/api/v1/dossiers/${dossier.id}/members/${person}/course-enrolment`,
      {
        token: staff,
        body: { offerId: 'o-404', lessonMomentId: 'lm-mon' },
        headers: { 'if-match': `"${found.version}"` },
      },
    );
    expect(unknown.status).toBe(409);
    expect(unknown.body.type).toBe('https://toevlucht.dev/problems/unknown-offer');

    const full = await enrol('lm-full', `"${found.version}"`);
    expect(full.status).toBe(202);
    const refused = await settled(
      dossier.id,
      (d) => d.members[0].courseEnrolment?.status === 'refused',
    );
    expect(refused.members[0].courseEnrolment).toMatchObject({
      lessonMomentId: 'lm-full',
      reason: 'full',
    });

    const accepted = await enrol('lm-mon', `"${refused.version}"`);
    expect(accepted.status).toBe(202);
    expect(accepted.body.members[0].courseEnrolment.status).toBe('requested');
    const confirmed = await settled(
      dossier.id,
      (d) => d.members[0].courseEnrolment?.status === 'confirmed',
    );
    expect(confirmed.members[0].courseEnrolment).toMatchObject({
      offerId: 'o-1',
      lessonMomentId: 'lm-mon',
      placementStatus: 'toegewezen',
      paymentStatus: 'vrijgesteld',
    });
    const sent = adapters
      .of('davinci.enrolment.create.v1')
      .filter((d) => d['subjectRef'] === person);
    expect(sent.at(-1)).toMatchObject({
      enrolmentKey: `${person}:o-1:lm-mon`,
      learner: { firstName: 'Olena', lastName: 'Shevchenko', birthDate: '1987-02-03' },
      feeExemptionRequested: true,
    });
    const again = await enrol('lm-mon', `"${confirmed.version}"`);
    expect(again.status).toBe(409);
  });

  it('asks housing for a place and shows the place it assigned', async () => {
    // No needs and no INSZ: no answer from the mesh can move the version before the request.
    const dossier = await register_([
      adult({ insz: undefined, needs: {} }),
      minor({ insz: undefined }),
    ]);
    const requested = await harness.call(
      'POST',
      `/api/v1/dossiers/${dossier.id}/placement-request`,
      {
        token: staff,
        headers: { 'if-match': '"1"' },
      },
    );
    expect(requested.status).toBe(202);
    expect(requested.body.placement.status).toBe('requested');
    const after = await settled(dossier.id, (d) => d.placement?.status === 'assigned');
    expect(after.placement).toMatchObject({
      status: 'assigned',
      nisCode: '24062',
      from: '2026-12-01',
    });
    const sent = adapters
      .of('housing.placement.request.v1')
      .find((d) => d['dossierId'] === dossier.id);
    expect(sent).toMatchObject({ householdSize: 2, minors: 1, preferredNisCodes: ['24062'] });
    expect((sent!['members'] as { personId: string }[]).map((m) => m.personId)).toEqual(
      dossier.members.map((m: { id: string }) => m.id),
    );
  });

  it('ignores answers meant for other requesters or about ids that are not its persons, without retrying or parking them', async () => {
    const person = {
      familyNames: ['X'],
      givenNames: ['Y'],
      gender: 'F',
      register: 'rijksregister',
    };
    const insz = testInsz('1990-01-01', 3);
    adapters.publishEvent('rijksregister.person.looked-up.v1', {
      subjectRef: 'case-17',
      requester: 'registration',
      referte: 'r',
      insz,
      person,
    });
    adapters.publishEvent('rijksregister.person.looked-up.v1', {
      subjectRef: '7f0c7a52-3c1e-4d8a-9b7e-0e5f2a1b3c4d',
      requester: 'subsidy',
      referte: 'r',
      insz,
      person,
    });
    // A marker behind them that is handled through the inbox: once it is, the strays were seen.
    const marker = adapters.publishEvent('housing.placement.rejected.v1', {
      dossierId: '7f0c7a52-3c1e-4d8a-9b7e-0e5f2a1b3c4e',
      reason: 'no-capacity',
    });
    await waitFor(
      'the marker to be handled',
      async () =>
        (await harness.sql('SELECT 1 FROM inbox WHERE message_id = $1', [marker])).length > 0 ||
        undefined,
    );
    const failures = harness.service.logs.filter(
      (line) => line['msg'] === 'message handler failed',
    );
    expect(failures).toEqual([]);
    expect(await harness.parked()).toBe(0);
  });

  it('applies a placement answer only to a pending request: a late rejection does not undo the place', async () => {
    // No needs and no INSZ: a course answer arriving first used to make this request a 412.
    const dossier = await register_([adult({ insz: undefined, needs: {} })]);
    const requested = await harness.call(
      'POST',
      `/api/v1/dossiers/${dossier.id}/placement-request`,
      { token: staff, headers: { 'if-match': '"1"' } },
    );
    expect(requested.status).toBe(202);
    const placed = await settled(dossier.id, (d) => d.placement?.status === 'assigned');
    const late = adapters.publishEvent('housing.placement.rejected.v1', {
      dossierId: dossier.id,
      reason: 'no-capacity',
    });
    await waitFor(
      'the late answer to be handled',
      async () =>
        (await harness.sql('SELECT 1 FROM inbox WHERE message_id = $1', [late])).length > 0 ||
        undefined,
    );
    const after = await harness.call('GET', `/api/v1/dossiers/${dossier.id}`, { token: staff });
    expect(after.body.placement).toEqual(placed.placement);
    expect(after.body.version).toBe(placed.version);
  });

  it('moves the ETag when an answer from the mesh changes the dossier, so staff cannot overwrite it unseen', async () => {
    const birthDate = yearsAgo(38, 9);
    const insz = testInsz(birthDate, 16);
    register.set(insz, official({ birthDate }));
    const dossier = await register_([adult({ insz, birthDate })]);
    // A GET reads the dossier row and its members in two statements, so it may see the answer's
    // members but the version from before it: wait for both (never moving fails the test).
    const after = await settled(
      dossier.id,
      (d) => d.members[0].verification.status === 'verified' && d.version > 1,
    );
    expect(after.version).toBeGreaterThan(1);
    const stale = await harness.call('PATCH', `/api/v1/dossiers/${dossier.id}`, {
      token: staff,
      body: { consent: { referralSharing: false, partnerContact: false } },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
  });

  it('drops an answer about a member removed meanwhile: the person stays as removed, the ETag does not move', async () => {
    const dossier = await register_([adult({ insz: undefined, needs: {} })]);
    const path = `/api/v1/dossiers/${dossier.id}`;
    const added = await harness.call('POST', `${path}/members`, {
      token: staff,
      body: adult({ insz: undefined, givenNames: ['Oksana'], needs: {} }),
      headers: { 'if-match': `"${dossier.version}"` },
    });
    expect(added.status).toBe(201);
    const member = added.body.members[1].id as string;
    const removed = await harness.call('DELETE', `${path}/members/${member}`, {
      token: staff,
      headers: { 'if-match': `"${added.body.version}"` },
    });
    expect(removed.status).toBe(200);
    const late = adapters.publishEvent('davinci.course-offers.found.v1', {
      subjectRef: member,
      requester: 'registration',
      offers: [{ offerId: 'o-9', courseCode: 'NT2-1.1', institution: 'CVO', postcode: '3000' }],
    });
    await waitFor(
      'the late answer to be handled',
      async () =>
        (await harness.sql('SELECT 1 FROM inbox WHERE message_id = $1', [late])).length > 0 ||
        undefined,
    );
    const after = await harness.call('GET', path, { token: staff });
    expect(after.body.version).toBe(removed.body.version);
    expect(await harness.sql('SELECT course_offers FROM persons WHERE id = $1', [member])).toEqual([
      { course_offers: null },
    ]);
  });

  it('has an answer delivered twice (redelivery, replay) take effect once: one audit row, one ETag move', async () => {
    const dossier = await register_([adult({ insz: undefined, needs: {} })]);
    const person = dossier.members[0].id as string;
    const answer = {
      subjectRef: person,
      requester: 'registration',
      offers: [{ offerId: 'o-7', courseCode: 'NT2-1.1', institution: 'CVO', postcode: '3000' }],
    };
    const id = adapters.publishEvent('davinci.course-offers.found.v1', answer);
    // The GET may show the answer's members with the version from before it (two reads, the
    // version first): wait for both, or `once` could hold the old version.
    const once = await settled(
      dossier.id,
      (d) => d.members[0].courseOffers !== undefined && d.version > dossier.version,
    );
    const duplicates = async () => {
      const text = await (await fetch(`${harness.service.url}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith('toevlucht_messages_duplicate_total{'))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    };
    const seenBefore = await duplicates();
    adapters.publishEvent('davinci.course-offers.found.v1', answer, id);
    await waitFor('the redelivery to be recognised', async () =>
      (await duplicates()) > seenBefore ? true : undefined,
    );
    const after = await harness.call('GET', `/api/v1/dossiers/${dossier.id}`, { token: staff });
    expect(after.body.version).toBe(once.version);
    expect(await harness.sql('SELECT seq FROM audit_log WHERE request_id = $1', [id])).toHaveLength(
      1,
    );
    expect(await harness.parked()).toBe(0);
  });

  it('keeps a corrected INSZ in the history, unregisters it, and stops verifying when it is removed', async () => {
    const birthDate = yearsAgo(41, 4);
    const wrong = testInsz(birthDate, 18);
    register.set(wrong, official({ birthDate }));
    const dossier = await register_([adult({ insz: wrong, birthDate })]);
    // Every answer moves the ETag: wait for all of them (identity and course offers) first.
    const verified = await settled(
      dossier.id,
      (d) =>
        d.members[0].verification.status === 'verified' && d.members[0].courseOffers !== undefined,
    );
    const removed = await harness.call(
      'PATCH',
      `/api/v1/dossiers/${dossier.id}/members/${dossier.members[0].id}`,
      {
        token: staff,
        body: { insz: null },
        headers: { 'if-match': `"${verified.version}"` },
      },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.members[0].insz).toBeUndefined();
    expect(removed.body.members[0].verification.status).toBe('not-applicable');
    const history = await harness.sql(
      'SELECT reason FROM person_insz_history WHERE person_id = $1',
      [dossier.members[0].id],
    );
    expect(history).toEqual([{ reason: 'corrected' }]);
    await waitFor('the unregister command', () =>
      Promise.resolve(
        adapters.of('rijksregister.person.unregister.v1').find((d) => d['insz'] === wrong),
      ),
    );
  });

  it('publishes minimised dossier events: ids, municipality, member count and age bands only', async () => {
    const rows = await harness.sql<{ routing_key: string; payload: Record<string, unknown> }>(
      `SELECT routing_key, payload FROM outbox WHERE routing_key LIKE 'registration.dossier.%' LIMIT 5`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row.payload).sort()).toEqual(
        expect.arrayContaining(['ageBands', 'dossierId', 'memberCount', 'version']),
      );
      expect(
        Object.keys(row.payload).every((k) =>
          ['ageBands', 'dossierId', 'memberCount', 'version', 'nisCode', 'reason'].includes(k),
        ),
      ).toBe(true);
    }
  });
});
