/** The database a PostgreSQL URL points at, and the same server's maintenance database. */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (name === '') throw new Error('The PostgreSQL URL names no database');
  return name;
}

export function maintenanceUrlOf(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

/** Database names we create: lower-case identifiers, so they never need quoting tricks. */
export function assertSafeDatabaseName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `Database name must be a lower-case identifier of at most 63 characters (got ${name.length} characters)`,
    );
  }
}
