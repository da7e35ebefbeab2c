import { Client } from 'pg';
import { LOCAL_POSTGRES_SERVER_URL } from '@toevlucht/config';

/**
 * Makes sure the local application role exists (login, CREATEDB, not superuser), connecting
 * as an administrator (POSTGRES_ADMIN_URL, by default the `postgres` superuser over trust
 * auth as on a development machine). Idempotent. Used by `npm start`, `npm run migrate` and CI;
 * production provisions roles in its own deployment, never through this.
 */
export async function ensureLocalRole(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const role = new URL(env['POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL);
  const adminUrl = env['POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const user = decodeURIComponent(role.username);
  const password = decodeURIComponent(role.password);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(user))
    throw new Error('POSTGRES_URL must name a lower-case role');
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    if (existing.rowCount === 0) {
      // Identifiers cannot be bound parameters; the name is checked above, the password quoted.
      const literal = `'${password.replaceAll("'", "''")}'`;
      await admin.query(`CREATE ROLE "${user}" LOGIN CREATEDB PASSWORD ${literal}`);
      process.stdout.write(`created PostgreSQL role ${user}\n`);
    }
  } finally {
    await admin.end();
  }
}

if (require.main === module) {
  ensureLocalRole().catch((error: unknown) => {
    process.stderr.write(
      `could not set up the local PostgreSQL role: ${(error as Error).message}\n`,
    );
    process.exit(1);
  });
}
