/**
 * Makes audit_log append-only in the database itself: UPDATE, DELETE and TRUNCATE raise an
 * error, whoever the application is. Put it, as it is, into a custom drizzle-kit migration of
 * each auditing service (`drizzle-kit generate --custom --name audit_log_append_only`), after
 * the migration creating the table. The statement breakpoints are drizzle-kit's.
 *
 * A superuser, or the table's owner, can still `ALTER TABLE audit_log DISABLE TRIGGER`: this
 * stops mistakes and a compromised application, not a database administrator. What they did
 * shows in `npm run audit:verify`.
 */
export const AUDIT_LOG_APPEND_ONLY_SQL = `CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`;
