/**
 * The SQLSTATE of a database error, wherever the driver put it: drizzle wraps the driver's error in
 * `cause`; postgres-js and PGlite both expose the server's five-character code as `code`, next to its
 * `severity`. Socket errors (EPIPE, ECONNREFUSED) and postgres-js's own (CONNECTION_CLOSED) have a
 * `code` too but no severity: they are not SQLSTATEs.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, severity } = current as { code?: unknown; severity?: unknown };
    if (typeof code === 'string' && typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Class 22, data exception: the input itself is wrong (a date that does not exist, a NUL byte, a number
 * out of range). Retrying the same input fails the same way, so it is a permanent error, never a 5xx.
 */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('22') ?? false;
}
