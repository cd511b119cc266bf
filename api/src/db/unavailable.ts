// "The database is not there right now" as the pg driver reports it: a refused or dropped connection,
// a server shutting down or restarting, a pool that cannot get a connection in time. Such an error is
// the database's state, not a bug: a route answers 503 with Retry-After (plugins/errors.ts) and the
// process keeps running until PostgreSQL is back (server.ts). Prisma's errors are classified in
// plugins/errors.ts from their codes; this covers plain pg (intake's statement, pg-boss, sources).

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: admin or crash shutdown,
// cannot connect now); 53300 too many connections.
const SQLSTATE = /^(08|57P)/;
const SQLSTATE_CODES = new Set(['53300']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg and pg-pool raise these as plain Errors, without a code.
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end on the pool',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    if (SQLSTATE.test(e.code) || SQLSTATE_CODES.has(e.code) || SOCKET_CODES.has(e.code)) return true;
  }
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  // AggregateError (a connect to several addresses, all refused) and wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}
