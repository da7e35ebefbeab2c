import { join } from 'node:path';
import type { Launchable } from './mesh';

/** The partner simulators the adapters talk to by default outside production. */
export const SIMULATORS = [
  {
    name: 'sim-magda',
    folder: 'magda',
    urls: ['MAGDA (SOAP) http://127.0.0.1:3020, faults /admin'],
  },
  {
    name: 'sim-davinci',
    folder: 'davinci',
    urls: ['DAVINCI (REST) http://127.0.0.1:3021, faults /admin'],
  },
  {
    name: 'sim-orafin-sftp',
    folder: 'orafin-sftp',
    urls: ['Orafin (SFTP) 127.0.0.1:3022, faults http://127.0.0.1:3023/admin'],
  },
] as const;

/**
 * With the whole mesh and outside production, `npm start` runs the simulators too, so the
 * adapters (whose defaults point at them) have partners to talk to. A subset (`--only`) runs
 * without them: start one with `npm run simulator:<name>` when needed.
 */
export function withSimulators(wholeMesh: boolean): boolean {
  return wholeMesh && process.env['NODE_ENV'] !== 'production';
}

/**
 * With the simulators, the national register is the MAGDA simulator, whose persons carry the
 * MAGDA mock's made-up INSZ numbers: registration accepts them unless told otherwise.
 */
export function withSimulatorDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ACCEPT_MAGDA_TEST_NUMBERS: 'true', ...env };
}

export function simulatorLaunchable(simulator: (typeof SIMULATORS)[number]): Launchable {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_OPTIONS'];
  delete env['PORT'];
  return {
    name: simulator.name,
    entry: join(__dirname, '..', '..', 'simulators', simulator.folder, 'src', 'main.js'),
    env,
  };
}
