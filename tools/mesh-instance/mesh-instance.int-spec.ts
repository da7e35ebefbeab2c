import { Client } from 'pg';
import { SERVICES } from '../service-catalog';
import { MeshInstance } from './mesh-instance';

// Ports 31000–31999 belong to this test (and the mesh helper's development runs).
const PORT_BASE = 31400;

describe('MeshInstance', () => {
  let mesh: MeshInstance | undefined;

  afterAll(async () => {
    await mesh?.destroy();
  });

  it('starts an isolated mesh, restarts a killed service, and destroys its vhost and databases', async () => {
    mesh = await MeshInstance.start({ name: 'mesh-instance-test', portBase: PORT_BASE });

    const ready = await mesh.isReady();
    expect(Object.keys(ready).sort()).toEqual(
      [...SERVICES.map((s) => s.name), 'sim-magda', 'sim-davinci', 'sim-orafin-sftp'].sort(),
    );
    expect(Object.values(ready).every(Boolean)).toBe(true);
    expect(mesh.url('housing')).toBe(`http://127.0.0.1:${PORT_BASE + 1}`);
    expect(mesh.gatewayUrl).toBe(`http://127.0.0.1:${PORT_BASE}`);
    expect(mesh.vhost).toBe('toevlucht-mesh-instance-test');

    // The services run against the instance's own databases, which the instance made fresh.
    const db = new Client({ connectionString: mesh.databaseUrl('housing') });
    await db.connect();
    const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
    await db.end();
    expect(rows[0]?.name).toBe('mesh_instance_test_toevlucht_housing');

    // A token from the instance's issuer is accepted by its services.
    const token = await mesh.token('centrale-validator');
    const offers = await fetch(`${mesh.url('housing')}/api/v1/offers`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(offers.status).toBe(200);

    await mesh.kill('housing', 0, 'SIGKILL');
    expect((await mesh.isReady())['housing']).toBe(false);
    await mesh.restart('housing');
    expect((await mesh.isReady())['housing']).toBe(true);

    await mesh.stopSimulator('davinci');
    expect((await mesh.isReady())['sim-davinci']).toBe(false);
    await mesh.startSimulator('davinci');
    expect((await mesh.isReady())['sim-davinci']).toBe(true);
    expect(mesh.crashes()).toEqual({});

    const urlOfHousing = mesh.databaseUrl('housing');
    await mesh.destroy();
    mesh = undefined;
    const admin = new Client({ connectionString: urlOfHousing.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    const left = await admin.query(
      "SELECT 1 FROM pg_database WHERE datname LIKE 'mesh_instance_test_%'",
    );
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
