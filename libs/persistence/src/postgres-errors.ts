/** True when `error` is PostgreSQL's unique_violation (23505) on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const candidate = (error as { cause?: unknown }).cause ?? error;
  const pg = candidate as { code?: unknown; constraint?: unknown };
  return pg.code === '23505' && pg.constraint === constraint;
}
