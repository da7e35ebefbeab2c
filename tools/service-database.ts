import { loadServiceConfig } from '@toevlucht/config';
import { serviceNamed } from './service-catalog';

/**
 * The database URL a service itself would use (DATABASE_URL, or its development default), read
 * through the service's own configuration, so a tool run in the service's environment reaches
 * the same database. Throws ConfigError like the service would.
 */
export function serviceDatabaseUrl(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const descriptor = serviceNamed(service);
  const config = loadServiceConfig(descriptor, env);
  if (config.database === null) throw new Error(`${service} has no database`);
  return config.database.url;
}
