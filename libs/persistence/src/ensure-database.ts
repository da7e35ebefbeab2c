import { connectOneShotClient } from './service-pool';
import { assertSafeDatabaseName, databaseNameOf, maintenanceUrlOf } from './postgres-url';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the database a service's URL names when it does not exist yet, connecting to the
 * same server's `postgres` database with the same credentials (the role needs CREATEDB).
 * Safe when several replicas start at once: losing the race to create is success.
 * Returns whether this call created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  assertSafeDatabaseName(name);
  const client = await connectOneShotClient({
    connectionString: maintenanceUrlOf(url),
    connectionTimeoutMillis: 5_000,
  });
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
