/** True when `error` is PostgreSQL's unique_violation (23505) on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const candidate = (error as { cause?: unknown }).cause ?? error;
  const pg = candidate as { code?: unknown; constraint?: unknown };
  return pg.code === '23505' && pg.constraint === constraint;
}

// What pg-pool and pg say when no connection could be had in time: every pooled one stayed
// busy (the first), or the server did not accept a new one (the second).
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

/**
 * True when the error (or one it was caused by: drizzle wraps driver errors) means the database
 * could not give us a connection in time: a condition to wait out, not a fault of the request.
 */
export function isConnectionUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (UNAVAILABLE_MESSAGES.includes(current.message)) return true;
    current = current.cause;
  }
  return false;
}
