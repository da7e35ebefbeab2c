import { findProjectRoot } from '@toevlucht/runtime';
import { MagdaSimulator } from './magda-simulator';

/**
 * `npm run simulator:magda`: the MAGDA simulator on MAGDA_SIMULATOR_PORT (default 3020), bound
 * to MAGDA_SIMULATOR_HOST (127.0.0.1; 0.0.0.0 in a container, where the adapters are elsewhere).
 */
async function main(): Promise<void> {
  const port = Number(process.env['MAGDA_SIMULATOR_PORT'] ?? 3020);
  const simulator = new MagdaSimulator(
    findProjectRoot(),
    Number(process.env['MAGDA_SIMULATOR_SEED'] ?? 42),
  );
  const host = process.env['MAGDA_SIMULATOR_HOST'] ?? '127.0.0.1';
  const bound = await simulator.listen(port, host);
  process.stdout.write(`MAGDA simulator listening on http://${host}:${bound}\n`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
