import { type AuditEntry, AuditEntryRejectedError, assertAuditable } from './audit-entry';

const good: AuditEntry = {
  actor: 'f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  role: 'agii-medewerker',
  action: 'read',
  subjectIds: ['7b0c2f8e-0000-4000-8000-000000000001', '12345678-1234-4123-8123-123456789012'],
  route: 'GET /dossiers/:id',
  purpose: 'dossier-management',
  requestId: 'req-1',
};

describe('assertAuditable', () => {
  it('accepts opaque ids, also digit-heavy UUIDs', () => {
    expect(() => assertAuditable(good)).not.toThrow();
  });

  it.each<[string, Partial<AuditEntry>]>([
    ['subjectIds', { subjectIds: ['85073003328'] }],
    ['subjectIds', { subjectIds: ['dossier-1', '85.07.30-033.28'] }],
    ['actor', { actor: 'jan.peeters@example.be' }],
    ['route', { route: 'GET /persons/85073003328' }],
    ['purpose', { purpose: 'lookup 85073003328' }],
  ])('refuses an INSZ or e-mail in %s, naming only the field', (field, change) => {
    let error: unknown;
    try {
      assertAuditable({ ...good, ...change });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuditEntryRejectedError);
    expect((error as AuditEntryRejectedError).field).toBe(field);
    expect((error as Error).message).not.toMatch(/85|jan/);
  });

  it('refuses an empty actor', () => {
    expect(() => assertAuditable({ ...good, actor: '' })).toThrow(
      "Audit entry field 'actor' is empty",
    );
  });
});
