import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_LOG_APPEND_ONLY_SQL } from '@toevlucht/security';

describe('housing migrations', () => {
  it('make the audit log append-only with the SQL libs/security prescribes', () => {
    const migration = readFileSync(
      join(__dirname, '../../migrations/0002_audit_log_append_only.sql'),
      'utf8',
    );
    expect(migration).toContain(AUDIT_LOG_APPEND_ONLY_SQL);
  });
});
