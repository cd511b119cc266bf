import type pg from 'pg';
import type { Db } from '../../db/types.ts';
import { hashToken } from '../../lib/tokens.ts';

// Fixed-window counters in PostgreSQL (`rate_limit_counters`), shared by every instance on the
// database and kept across restarts. One statement per hit: an upsert that starts a new window when
// the stored one has ended. Keys are SHA-256 digests of what is counted: no address or IP is stored.
// Counting takes a Prisma client or transaction, or the plain pg pool under it (db/client.ts sqlPool):
// the per-IP limit of every route and intake's per-address limit count on the pool, since the ORM's
// per-query cost was a visible share of each intake's CPU time.

/** Where a counter is read and written: Prisma (in a transaction when needed) or a plain pg pool. */
export type CounterDb = Db | Pick<pg.Pool, 'query'>;

/** On the pool, a named statement (`name`): each connection parses and plans it once. */
async function rows<Row>(db: CounterDb, name: string, text: string, values: unknown[]): Promise<Row[]> {
  if ('query' in db) return (await db.query({ name, text, values })).rows as Row[];
  return db.$queryRawUnsafe<Row[]>(text, ...values);
}

export interface CounterHit {
  /** Hits in the current window, this one included. */
  hits: number;
  resetAt: Date;
}

/** The digest a counter is stored under: a scope and the values it is counted per. */
export function counterKey(scope: string, ...parts: string[]): string {
  return hashToken([scope, ...parts].join('\n'));
}

/** Counts one hit in the key's window (`windowMs` long, started by the first hit), atomically. */
export async function hitCounter(
  db: CounterDb,
  key: string,
  windowMs: number,
  now: Date,
): Promise<CounterHit> {
  const resetAt = new Date(now.getTime() + windowMs);
  const [row] = await rows<CounterHit>(db, 'dsr_counter_hit', HIT, [key, resetAt, now]);
  if (!row) throw new Error('rate limits: the counter upsert returned no row');
  return { hits: Number(row.hits), resetAt: new Date(row.resetAt) };
}

const HIT = `
  INSERT INTO rate_limit_counters AS c ("key", "hits", "resetAt")
  VALUES ($1, 1, $2::timestamptz)
  ON CONFLICT ("key") DO UPDATE SET
    "hits" = CASE WHEN c."resetAt" <= $3::timestamptz THEN 1 ELSE c."hits" + 1 END,
    "resetAt" = CASE WHEN c."resetAt" <= $3::timestamptz THEN EXCLUDED."resetAt" ELSE c."resetAt" END
  RETURNING "hits", "resetAt"`;

/** The key's current window without counting a hit; null when there is none running. */
export async function peekCounter(db: CounterDb, key: string, now: Date): Promise<CounterHit | null> {
  const [row] = await rows<CounterHit>(
    db,
    'dsr_counter_peek',
    `SELECT "hits", "resetAt" FROM rate_limit_counters WHERE "key" = $1 AND "resetAt" > $2::timestamptz`,
    [key, now],
  );
  return row ? { hits: Number(row.hits), resetAt: new Date(row.resetAt) } : null;
}

export async function clearCounter(db: Db, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM rate_limit_counters WHERE "key" = ${key}`;
}

/** Drops windows that ended (the hourly retention job); returns how many. */
export async function purgeEndedCounters(db: Db, now: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limit_counters WHERE "resetAt" <= ${now}`;
}

/** Whole seconds until `resetAt`, at least 1 (a Retry-After value). */
export function secondsUntil(resetAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
}
