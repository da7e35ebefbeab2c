import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Client } from 'pg';
import { connectOneShotClient } from './service-pool';

// One key for every Toevlucht migration run; each service has its own database, so replicas of
// one service wait for each other and different services never meet.
const MIGRATION_LOCK_KEY = 7_467_263_501;
const MIGRATIONS_SCHEMA = 'drizzle';
const MIGRATIONS_TABLE = '__drizzle_migrations';

export interface MigrationResult {
  /** Migrations this run applied (0 when the database was already up to date). */
  readonly applied: number;
  /** Migrations recorded in the database after this run. */
  readonly total: number;
}

/**
 * Applies the drizzle-kit migrations in `folder` that the database does not have yet.
 * Holds a session-level advisory lock for the whole run, so two replicas starting together
 * apply each migration once: the second waits, then finds nothing left to do.
 */
export async function runMigrations(url: string, folder: string): Promise<MigrationResult> {
  const client = await connectOneShotClient({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const before = await countApplied(client);
      await migrate(drizzle(client), {
        migrationsFolder: folder,
        migrationsSchema: MIGRATIONS_SCHEMA,
        migrationsTable: MIGRATIONS_TABLE,
      });
      const total = await countApplied(client);
      return { applied: total - before, total };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function countApplied(client: Client): Promise<number> {
  const table = await client.query<{ exists: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS exists',
    [`${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`],
  );
  if (table.rows[0]?.exists !== true) return 0;
  const result = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`,
  );
  return Number(result.rows[0]?.count ?? 0);
}
