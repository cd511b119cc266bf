import type { Db } from '../../db/types.ts';
import { hashToken } from '../../lib/tokens.ts';

// Fixed-window counters in PostgreSQL (`rate_limit_counters`), shared by every instance on the
// database and kept across restarts. One statement per hit: an upsert that starts a new window when
// the stored one has ended. Keys are SHA-256 digests of what is counted: no address or IP is stored.

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
export async function hitCounter(db: Db, key: string, windowMs: number, now: Date): Promise<CounterHit> {
  const resetAt = new Date(now.getTime() + windowMs);
  const rows = await db.$queryRaw<CounterHit[]>`
    INSERT INTO rate_limit_counters AS c ("key", "hits", "resetAt")
    VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN c."resetAt" <= ${now} THEN 1 ELSE c."hits" + 1 END,
      "resetAt" = CASE WHEN c."resetAt" <= ${now} THEN EXCLUDED."resetAt" ELSE c."resetAt" END
    RETURNING "hits", "resetAt"`;
  const row = rows[0];
  if (!row) throw new Error('rate limits: the counter upsert returned no row');
  return { hits: Number(row.hits), resetAt: new Date(row.resetAt) };
}

/** The key's current window without counting a hit; null when there is none running. */
export async function peekCounter(db: Db, key: string, now: Date): Promise<CounterHit | null> {
  const rows = await db.$queryRaw<CounterHit[]>`
    SELECT "hits", "resetAt" FROM rate_limit_counters WHERE "key" = ${key} AND "resetAt" > ${now}`;
  const row = rows[0];
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
