import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LOCAL_POSTGRES_SERVER_URL } from '@toevlucht/config';

/** The PostgreSQL server tests use (a role with CREATEDB); CI creates it. */
export function testPostgresServerUrl(): string {
  return (process.env['TEST_POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL).replace(/\/$/, '');
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A URL for a database of its own that does not exist yet (a service or `ensureDatabase`
 * creates it), dropped again by `drop()`, so tests never see each other's rows.
 */
export function testDatabase(purpose: string): TestDatabase {
  const name = `toevlucht_test_${purpose.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const server = testPostgresServerUrl();
  return {
    name,
    url: `${server}/${name}`,
    drop: async () => {
      const client = new Client({ connectionString: `${server}/postgres` });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
