import { readFileSync } from 'node:fs';
import { OrafinSftpSimulator } from './orafin-sftp-simulator';

/**
 * `npm run simulator:orafin-sftp`: the Orafin SFTP drop on ORAFIN_SIM_SFTP_PORT (3022) with its admin
 * endpoint on ORAFIN_SIM_ADMIN_PORT (3023). Login: ORAFIN_SIM_USERNAME (toevlucht) with
 * ORAFIN_SIM_PASSWORD (toevlucht) and/or the OpenSSH public key in ORAFIN_SIM_AUTHORIZED_KEY_FILE;
 * host key from ORAFIN_SIM_HOST_KEY_FILE, or a new one at each start.
 */
const env = process.env;
const file = (name: string) => {
  const path = env[name];
  return path === undefined || path === '' ? undefined : readFileSync(path, 'utf8');
};
const simulator = new OrafinSftpSimulator({
  host: env['ORAFIN_SIM_HOST'] ?? '127.0.0.1',
  sftpPort: Number(env['ORAFIN_SIM_SFTP_PORT'] ?? 3022),
  adminPort: Number(env['ORAFIN_SIM_ADMIN_PORT'] ?? 3023),
  username: env['ORAFIN_SIM_USERNAME'] ?? 'toevlucht',
  password: env['ORAFIN_SIM_PASSWORD'] ?? 'toevlucht',
  authorizedKey: file('ORAFIN_SIM_AUTHORIZED_KEY_FILE'),
  hostKey: file('ORAFIN_SIM_HOST_KEY_FILE'),
  faults: { betFileDelayMs: Number(env['ORAFIN_SIM_BET_FILE_DELAY_MS'] ?? 5_000) },
});
void simulator.start().then(() => {
  process.stdout.write(
    `orafin-sftp simulator: sftp on ${simulator.sftpPort}, admin on ${simulator.adminUrl}\n`,
  );
});
const stop = () => void simulator.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
