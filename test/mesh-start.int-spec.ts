import { join } from 'node:path';
import { httpGet, ServiceProcess } from '@toevlucht/testing';
import { SERVICES } from '../tools/service-catalog';

const ROOT = join(__dirname, '..');

describe('npm start (tools/start-mesh)', () => {
  let mesh: ServiceProcess | undefined;

  afterEach(async () => {
    await mesh?.stop();
  });

  it('brings up all seven services and the simulators, each ready, and stops them all cleanly on Ctrl-C', async () => {
    mesh = new ServiceProcess({ entry: 'dist/tools/start-mesh.js', env: {}, root: ROOT });

    const summary = await mesh.waitForOutput(/Toevlucht is up: \d+ services ready in/, 45_000);
    expect(summary).toContain('Toevlucht is up: 7 services ready in');
    for (const service of SERVICES) {
      const ready = await httpGet(`http://127.0.0.1:${service.defaultPort}/health/ready`);
      expect({ service: service.name, status: ready.status }).toEqual({
        service: service.name,
        status: 200,
      });
      expect(mesh.stdout.some((line) => line.startsWith(`[${service.name}`))).toBe(true);
    }

    // The partner simulators run beside them, so the adapters have someone to talk to.
    for (const simulator of ['sim-magda', 'sim-davinci', 'sim-orafin-sftp']) {
      expect(mesh.stdout.some((line) => line.startsWith(`[${simulator}`))).toBe(true);
    }
    expect(mesh.stdout.join('\n')).not.toMatch(/circuit breaker changed state/);

    mesh.signal('SIGINT');
    await expect(mesh.exited).resolves.toEqual({ code: 0, signal: null });
    for (const service of SERVICES) {
      expect(
        mesh.stdout.some(
          (line) => line.startsWith(`[${service.name}`) && line.includes('shutdown complete'),
        ),
      ).toBe(true);
    }
  });
});
