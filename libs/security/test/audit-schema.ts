/**
 * The schema of the security integration tests' database: just the audit log, as a service
 * that audits re-exports it from its src/persistence/schema.ts.
 */
export { auditLog } from '@toevlucht/security';
