import { DavinciSimulator } from './davinci-simulator';

/** `npm run simulator:davinci`: DAVINCI on DAVINCI_SIM_PORT (3021), fault controls under /admin/. */
const simulator = new DavinciSimulator({
  host: process.env['DAVINCI_SIM_HOST'] ?? '127.0.0.1',
  port: Number(process.env['DAVINCI_SIM_PORT'] ?? 3021),
});
void simulator.start().then(() => {
  process.stdout.write(`davinci simulator on ${simulator.url} (admin under /admin/)\n`);
});
const stop = () => void simulator.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
