import { waitFor } from '@toevlucht/testing';
import { HousingHarness } from '../services/housing/test/housing-harness';
import { RegistrationHarness } from '../services/registration/test/registration-harness';
import { adult, household, minor } from '../services/registration/test/fixtures';

/**
 * Registration's placement request reaches housing over the real broker, housing places the
 * household, and the dossier shows its place: both services in this process, each with its own
 * database, talking only through RabbitMQ.
 */
describe('placement flow: registration → housing → registration', () => {
  let registration: RegistrationHarness;
  let housing: HousingHarness;

  beforeAll(async () => {
    registration = await RegistrationHarness.start('flow');
    housing = await HousingHarness.start('flow');
  });

  afterAll(async () => {
    await housing.stop();
    await registration.stop();
  });

  it('places a registered household and the dossier shows the place and its municipality', async () => {
    // A place in Leuven, through the whole offer workflow.
    const coordinator = await housing.coordinator('24062');
    const central = await housing.token('centrale-validator');
    let offer = (
      await housing.call('POST', '/api/v1/offers', {
        token: coordinator,
        body: {
          offerer: { name: 'An Janssens', phone: '+32 16 12 34 56' },
          address: { street: 'Ladeuzeplein', houseNumber: '3', postcode: '3000' },
          type: 'separate-dwelling',
          capacity: 6,
          availableFrom: new Date().toISOString().slice(0, 10),
        },
      })
    ).body;
    for (const [action, token] of [
      ['check', coordinator],
      ['validate', coordinator],
      ['validate-centrally', central],
      ['make-available', coordinator],
    ] as const) {
      offer = (
        await housing.call('POST', `/api/v1/offers/${offer.id}/transitions`, {
          token,
          headers: { 'if-match': `"${offer.version}"` },
          body: { action },
        })
      ).body;
    }
    expect(offer.status).toBe('beschikbaar');

    const staff = await registration.token('agii-medewerker');
    const created = await registration.call('POST', '/api/v1/dossiers', {
      token: staff,
      body: household([adult(), minor()]),
    });
    expect(created.status).toBe(201);
    const dossierId = created.body.id as string;
    const requested = await registration.call(
      'POST',
      `/api/v1/dossiers/${dossierId}/placement-request`,
      {
        token: staff,
        headers: { 'if-match': created.headers.get('etag') ?? '' },
      },
    );
    expect(requested.status).toBe(202);

    const placed = await waitFor('the dossier shows its place', async () => {
      const dossier = await registration.call('GET', `/api/v1/dossiers/${dossierId}`, {
        token: staff,
      });
      return dossier.body.placement?.status === 'assigned' ? dossier.body : undefined;
    });
    expect(placed.placement).toMatchObject({ placeId: offer.place.id, nisCode: '24062' });
    const [row] = await housing.sql<{ persons: number; dossier_id: string }>(
      'SELECT persons, dossier_id FROM placements',
    );
    expect(row).toEqual({ persons: created.body.members.length, dossier_id: dossierId });
    // Housing knows the members by registration's ids only.
    const stays = await housing.sql<{ person_id: string; person_known: boolean }>(
      'SELECT person_id, person_known FROM stays',
    );
    expect(new Set(stays.map((s) => s.person_id))).toEqual(
      new Set(created.body.members.map((m: { id: string }) => m.id)),
    );

    // A coordinator's second assignment is refused (already placed); the dossier keeps its place.
    const twice = await housing.call('POST', `/api/v1/places/${offer.place.id}/placements`, {
      token: coordinator,
      body: { dossierId },
    });
    expect([twice.status, twice.body.reason]).toEqual([409, 'already-placed']);
    await waitFor('registration handled the rejection', async () => {
      const rows = await registration.sql(
        "SELECT 1 FROM inbox WHERE message_type = 'housing.placement.rejected.v1'",
      );
      return rows.length > 0 ? true : undefined;
    });
    const still = await registration.call('GET', `/api/v1/dossiers/${dossierId}`, { token: staff });
    expect(still.body.placement.status).toBe('assigned');

    // The household moves out: the dossier shows the ended placement, and may ask again.
    const placementId = placed.placement.placementId as string;
    const today = new Date().toISOString().slice(0, 10);
    const ended = await housing.call('POST', `/api/v1/placements/${placementId}/end`, {
      token: coordinator,
      body: { to: today },
    });
    expect(ended.status).toBe(200);
    const left = await waitFor('the dossier shows the move-out', async () => {
      const dossier = await registration.call('GET', `/api/v1/dossiers/${dossierId}`, {
        token: staff,
      });
      return dossier.body.placement?.status === 'ended' ? dossier : undefined;
    });
    expect(left.body.placement).toMatchObject({ placementId, to: today, reason: 'moved-out' });
    const again = await registration.call(
      'POST',
      `/api/v1/dossiers/${dossierId}/placement-request`,
      {
        token: staff,
        headers: { 'if-match': left.headers.get('etag') ?? '' },
      },
    );
    expect(again.status).toBe(202);
  });
});
