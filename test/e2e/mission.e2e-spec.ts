import { MeshInstance } from '../../tools/mesh-instance/mesh-instance';
import {
  call,
  claimableNowEnv,
  MissionClient,
  MUNICIPALITIES,
  periodOf,
  runMission,
  type MissionReport,
} from '../../tools/mission';
import { SERVICES } from '../../tools/service-catalog';

/**
 * The whole mission end to end: every service, the partner simulators and a token issuer as
 * real processes on their own vhost and databases (MeshInstance `e2e`, ports 21000+), driven
 * over HTTP like the AgII UI, municipalities and central services would; then the end state is
 * read from each service's own API, not from the driver's memory.
 */

const HOUSEHOLDS = 4;
const GENT = MUNICIPALITIES[0]!;
const DAILY_CENTS = 1_250;

describe('the mission end to end', () => {
  let mesh: MeshInstance;
  let report: MissionReport;

  beforeAll(async () => {
    mesh = await MeshInstance.start({
      name: 'e2e',
      portBase: 21000,
      serviceEnv: { subsidy: claimableNowEnv() },
    });
    const client = new MissionClient(
      { registration: mesh.gatewayUrl, housing: mesh.url('housing'), subsidy: mesh.url('subsidy') },
      (role, claims) => mesh.token(role, claims),
    );
    report = await runMission(client, { households: HOUSEHOLDS, municipality: GENT });
  }, 280_000);

  afterAll(async () => {
    await mesh?.destroy();
  });

  const token = (role: string, nis?: string) =>
    mesh.token(role, { sub: `e2e-reader-${role}`, ...(nis === undefined ? {} : { nis }) });
  const dossierIds = () => report.households.map((h) => h.registered!.dossierId);
  const persons = () => report.households.reduce((n, h) => n + h.registered!.personIds.length, 0);

  it('completes for every household, with the claim paid', () => {
    expect(report.households.map((h) => h.failure)).toEqual(
      Array.from({ length: HOUSEHOLDS }, () => undefined),
    );
    expect(report.claimFailure).toBeUndefined();
    expect(report.paid?.status).toBe('betaald');
  });

  it('registration: every dossier verified, with school and Dutch-course information, and placed', async () => {
    const staff = await token('agii-medewerker');
    for (const id of dossierIds()) {
      const { body } = await call<{
        placement?: { status: string; nisCode?: string; placeId?: string };
        members: {
          verification: { status: string };
          needs: { education?: unknown; dutchLessons?: unknown };
          education?: { currentlyEnrolled: boolean; institutions: { number: string }[] };
          courseOffers?: { offerId: string; lessonMoments?: unknown[] }[];
        }[];
      }>('read dossier', 'GET', `${mesh.gatewayUrl}/api/v1/dossiers/${id}`, staff);
      expect(body.members.map((m) => m.verification.status)).toEqual(
        body.members.map(() => 'verified'),
      );
      for (const member of body.members) {
        if (member.needs.education !== undefined) {
          expect(member.education?.currentlyEnrolled).toBe(true);
          expect(member.education?.institutions.length).toBeGreaterThan(0);
        }
        if (member.needs.dutchLessons !== undefined)
          expect(member.courseOffers?.length).toBeGreaterThan(0);
      }
      expect(body.placement).toMatchObject({ status: 'assigned', nisCode: GENT.nisCode });
      expect(body.placement?.placeId).toBe(report.offers[0]!.placeId);
    }
  });

  it('housing: the offer validated and occupied, one stay per person in the month', async () => {
    const validator = await token('centrale-validator');
    expect(report.offers).toHaveLength(1);
    const offer = report.offers[0]!;
    const { body } = await call<{ status: string; place: { capacity: number; occupants: number } }>(
      'read offer',
      'GET',
      `${mesh.url('housing')}/api/v1/offers/${offer.offerId}`,
      validator,
    );
    expect(body.place).toEqual({ id: offer.placeId, capacity: persons(), occupants: persons() });
    expect(body.status).toBe('bezet');
    const history = await call<{ action: string; role: string }[]>(
      'offer history',
      'GET',
      `${mesh.url('housing')}/api/v1/offers/${offer.offerId}/history`,
      validator,
    );
    expect(history.body.map((h) => `${h.action}:${h.role}`)).toEqual([
      'submit:gemeentelijk-coordinator',
      'check:gemeentelijk-coordinator',
      'validate:gemeentelijk-coordinator',
      'validate-centrally:centrale-validator',
      'make-available:centrale-validator',
    ]);

    const [year, month] = report.period.split('-').map(Number) as [number, number];
    const to = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
    const occupancy = await call<{
      total: number;
      items: { dossierId: string; placeId: string }[];
    }>(
      'occupancy',
      'GET',
      `${mesh.url('housing')}/api/v1/occupancy?from=${report.period}-01&to=${to}&nisCode=${GENT.nisCode}`,
      validator,
    );
    expect(occupancy.body.total).toBe(persons());
    expect(new Set(occupancy.body.items.map((s) => s.dossierId))).toEqual(new Set(dossierIds()));
  });

  it('subsidy: the claim counts every person, was approved by another user, and is paid once', async () => {
    const validator = await token('centrale-validator');
    const paid = report.paid!;
    const { body } = await call<{
      status: string;
      submittedBy: string;
      reviewedBy: string;
      totals: { persons: number; nights: number; amountCents: number; excludedLines: number };
      payment: { status: string; paymentReference: string; amountCents: number };
      lines: { included: boolean; dossierId: string; nights: number }[];
    }>(
      'read claim',
      'GET',
      `${mesh.url('subsidy')}/api/v1/claims/${paid.claimId}/versions/${paid.version}`,
      validator,
    );
    expect(body.status).toBe('betaald');
    expect(body.submittedBy).not.toBe(body.reviewedBy);
    expect(body.totals.persons).toBe(persons());
    expect(body.totals.excludedLines).toBe(0);
    expect(body.totals.nights).toBeGreaterThan(0);
    expect(body.totals.amountCents).toBe(body.totals.nights * DAILY_CENTS);
    expect(body.payment).toMatchObject({ status: 'betaald', amountCents: body.totals.amountCents });
    expect(new Set(body.lines.map((l) => l.dossierId))).toEqual(new Set(dossierIds()));

    // Orafin (the simulator) received the payment order once, under the claim's reference.
    const received = (await (
      await fetch(`${mesh.simulatorAdminUrl('orafin-sftp')}/admin/received`)
    ).json()) as { files: { references: string[] }[] };
    const digits = (reference: string) => reference.replace(/\D/g, '');
    const references = received.files.flatMap((f) => f.references.map(digits));
    expect(references.filter((r) => r === digits(body.payment.paymentReference))).toHaveLength(1);
  });

  it('every process is ready and every service answers health and metrics', async () => {
    expect(Object.values(await mesh.isReady()).every(Boolean)).toBe(true);
    expect(mesh.crashes()).toEqual({});
    for (const service of SERVICES) {
      const live = await fetch(`${mesh.url(service.name)}/health/live`);
      const metrics = await fetch(`${mesh.url(service.name)}/metrics`);
      expect({ service: service.name, live: live.status, metrics: metrics.status }).toEqual({
        service: service.name,
        live: 200,
        metrics: 200,
      });
      expect(await metrics.text()).toMatch(/^# HELP /m);
    }
  });

  it('the claim is for the month of the placements', () => {
    expect(report.period).toBe(periodOf(new Date(report.households[0]!.placement!.from)));
  });
});
