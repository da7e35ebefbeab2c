import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ConfigError } from '@toevlucht/config';
import { ensureDatabase } from '@toevlucht/persistence';
import { type EncryptedColumns, FieldCipher } from '@toevlucht/security';
import { testDatabase } from '@toevlucht/testing';
import { runKeysReencrypt } from './run-keys-reencrypt';

const COLUMNS: Record<string, EncryptedColumns> = {
  registration: [
    { table: 'contact', idColumn: 'id', columns: [{ column: 'email', purpose: 'contact.email' }] },
  ],
};

describe('npm run keys:reencrypt against a service database', () => {
  const database = testDatabase('keys_tool');
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    FIELD_ENCRYPTION_KEYS: `k2025:${oldKey},k2026:${newKey}`,
    FIELD_ENCRYPTION_CURRENT_KEY: 'k2026',
  };
  let pool: Pool;
  const printed: string[] = [];
  const context = { columns: COLUMNS, env, print: (line: string) => printed.push(line) };

  beforeAll(async () => {
    await ensureDatabase(database.url);
    pool = new Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE contact (id integer PRIMARY KEY, email text)');
    const old = new FieldCipher({
      keys: new Map([['k2025', Buffer.from(oldKey, 'base64')]]),
      currentKeyId: 'k2025',
    });
    for (let id = 1; id <= 25; id += 1) {
      await pool.query('INSERT INTO contact VALUES ($1, $2)', [
        id,
        old.encrypt(`person${id}@example.be`, 'contact.email'),
      ]);
    }
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  beforeEach(() => printed.splice(0));

  it('counts in a dry run, then moves, reporting counts and never a value', async () => {
    expect(
      await runKeysReencrypt(['--service', 'registration', '--batch', '10', '--dry-run'], context),
    ).toBe(0);
    expect(printed.at(-1)).toBe(
      'would move: contact: 25 row(s); values email=25; from keys k2025:25',
    );
    printed.splice(0);
    expect(await runKeysReencrypt(['--service', 'registration', '--batch', '10'], context)).toBe(0);
    expect(printed).toContain("moving values of registration to key 'k2026'");
    expect(printed.filter((line) => line.startsWith('  so far:'))).toHaveLength(3);
    expect(printed.at(-1)).toBe('moved: contact: 25 row(s); values email=25; from keys k2025:25');
    expect(printed.join('\n')).not.toMatch(/@example\.be|v1\./);
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM contact WHERE email LIKE 'v1.k2026.%'",
    );
    expect(Number(rows[0]!.n)).toBe(25);
  });

  it('says so for a service without encrypted columns', async () => {
    expect(await runKeysReencrypt(['--service', 'housing'], context)).toBe(0);
    expect(printed).toEqual([
      'housing declares no encrypted columns (tools/encrypted-columns.ts): nothing to do',
    ]);
  });

  it('answers 64 with the usage without --service', async () => {
    expect(await runKeysReencrypt([], context)).toBe(64);
  });

  it('throws a ConfigError (exit 78) for a current key it is not given', async () => {
    await expect(
      runKeysReencrypt(['--service', 'registration'], {
        ...context,
        env: { ...env, FIELD_ENCRYPTION_CURRENT_KEY: 'k2099' },
      }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
