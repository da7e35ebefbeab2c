import { LOCAL_POSTGRES_SERVER_URL } from '@toevlucht/config';
import { ensureDatabase, runMigrations } from '@toevlucht/persistence';
import { findProjectRoot, migrationsFolderOf } from '@toevlucht/runtime';
import { ensureLocalRole } from './postgres-role';
import { SERVICES, serviceNamed } from './service-catalog';

/**
 * `npm run migrate [-- --service <name>]`: creates each stateful service's database when
 * missing and applies its migrations. The server comes from POSTGRES_URL (each service's
 * database on it); safe to run again and alongside starting services.
 */
async function main(argv: string[]): Promise<void> {
  const index = argv.indexOf('--service');
  const only = index >= 0 ? argv[index + 1] : undefined;
  if (index >= 0 && only === undefined) throw new Error('--service needs a service name');
  const targets = only === undefined ? SERVICES : [serviceNamed(only)];
  const server = process.env['POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL;
  if (process.env['POSTGRES_ADMIN_URL'] !== 'none') await ensureLocalRole();
  const root = findProjectRoot();
  for (const service of targets) {
    if (service.database === null) continue;
    const url = `${server.replace(/\/$/, '')}/${service.database}`;
    const created = await ensureDatabase(url);
    const result = await runMigrations(url, migrationsFolderOf(root, service.name));
    process.stdout.write(
      `${service.name}: ${created ? 'created database, ' : ''}${result.applied} applied, ${result.total} in total\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`migrate failed: ${(error as Error).message}\n`);
  process.exit(1);
});
