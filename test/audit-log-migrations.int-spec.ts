import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_LOG_APPEND_ONLY_SQL } from '@toevlucht/security';

const ROOT = join(__dirname, '..');

/** Every service migration folder, with the SQL of each migration. */
function serviceMigrations(): { service: string; files: { name: string; sql: string }[] }[] {
  return readdirSync(join(ROOT, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const folder = join(ROOT, 'services', entry.name, 'migrations');
      let names: string[];
      try {
        names = readdirSync(folder).filter((name) => name.endsWith('.sql'));
      } catch {
        // A stateless service has no migrations folder.
        names = [];
      }
      return {
        service: entry.name,
        files: names.map((name) => ({ name, sql: readFileSync(join(folder, name), 'utf8') })),
      };
    });
}

describe('the audit log in service migrations', () => {
  const auditing = serviceMigrations().filter(({ files }) =>
    files.some((file) => file.sql.includes('CREATE TABLE "audit_log"')),
  );

  it('is created by at least one service (registration)', () => {
    expect(auditing.map(({ service }) => service)).toContain('registration');
  });

  it.each(auditing.map(({ service }) => [service]))(
    "%s makes audit_log append-only with the library's SQL, in a migration after the one creating it",
    (service) => {
      const { files } = auditing.find((candidate) => candidate.service === service)!;
      const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
      const created = sorted.findIndex((file) => file.sql.includes('CREATE TABLE "audit_log"'));
      const guarded = sorted.findIndex((file) =>
        file.sql.includes(AUDIT_LOG_APPEND_ONLY_SQL.trim()),
      );
      expect(guarded).toBeGreaterThan(created);
    },
  );
});
