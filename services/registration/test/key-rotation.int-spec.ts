import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findProjectRoot } from '@toevlucht/runtime';
import { devDefaults } from '@toevlucht/security';
import { adult, household, testInsz } from './fixtures';
import { RegistrationHarness } from './registration-harness';

const run = promisify(execFile);

/** Ciphertexts are `v1.<key id>.…`: the key ids found in registration's encrypted columns. */
async function keyIdsInUse(harness: RegistrationHarness): Promise<string[]> {
  const rows = await harness.sql<{ kid: string }>(`
    SELECT DISTINCT split_part(value, '.', 2) AS kid FROM (
      SELECT unnest(ARRAY[street_enc, house_number_enc, box_enc]) AS value FROM dossiers
      UNION ALL
      SELECT unnest(ARRAY[family_names_enc, given_names_enc, insz_enc, phones_enc, emails_enc]) FROM persons
    ) AS ciphertexts WHERE value IS NOT NULL ORDER BY 1`);
  return rows.map((row) => row.kid);
}

describe('registration: rotating the field-encryption key', () => {
  it('moves every ciphertext to the new key with keys:reencrypt; the old key can then be retired', async () => {
    const old = `${devDefaults.DEV_FIELD_KEY_ID}:${devDefaults.DEV_FIELD_KEY_BASE64}`;
    const fresh = `k2026:${randomBytes(32).toString('base64')}`;
    const first = await RegistrationHarness.start('rotation');
    let second: RegistrationHarness | undefined;
    try {
      const token = await first.token('agii-medewerker');
      const created = await first.call('POST', '/api/v1/dossiers', {
        token,
        body: household([adult({ insz: testInsz('1977-08-09', 41) })]),
      });
      expect(created.status).toBe(201);
      expect(await keyIdsInUse(first)).toEqual([devDefaults.DEV_FIELD_KEY_ID]);
      await first.stop({ keepDatabase: true });

      const env = {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: first.database.url,
        FIELD_ENCRYPTION_KEYS: `${old},${fresh}`,
        FIELD_ENCRYPTION_CURRENT_KEY: 'k2026',
      };
      const tool = join(findProjectRoot(), 'dist/tools/keys-reencrypt.js');
      const { stdout } = await run(
        process.execPath,
        [tool, '--service', 'registration', '--batch', '2'],
        { env },
      );
      expect(stdout).toMatch(/k2026/);
      expect(stdout).not.toContain('Shevchenko');
      expect(await keyIdsInUse(first)).toEqual(['k2026']);
      // Idempotent: a second run finds nothing left to move.
      await run(process.execPath, [tool, '--service', 'registration'], { env });
      expect(await keyIdsInUse(first)).toEqual(['k2026']);

      // A service that knows only the new key reads everything.
      second = await RegistrationHarness.start(
        'rotation',
        {},
        {
          database: first.database,
          securityEnv: { FIELD_ENCRYPTION_KEYS: fresh, FIELD_ENCRYPTION_CURRENT_KEY: 'k2026' },
        },
      );
      const read = await second.call('GET', `/api/v1/dossiers/${created.body.id}`, {
        token: await second.token('agii-medewerker'),
      });
      expect(read.status).toBe(200);
      expect(read.body.members).toEqual(created.body.members);
      expect(read.body.receptionAddress).toEqual(created.body.receptionAddress);
    } finally {
      if (second !== undefined) await second.stop();
      else await first.database.drop();
    }
  });
});
