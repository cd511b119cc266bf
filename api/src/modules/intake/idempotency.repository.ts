import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Statement } from '../../db/statement.ts';

type Queryable = Pick<pg.Pool, 'query'>;

interface ClaimRow {
  id: string;
  created: boolean;
  requestHash: string | null;
  responseStatus: number | null;
  responseBody: unknown;
  completedAt: Date | null;
  createdAt: Date | null;
}

// Idempotency-Key: the key row is committed on its own, before the work, so a concurrent duplicate
// finds it (in flight → 409); the work's transaction stores the answer in it (replayed afterwards);
// if the work fails the row is removed so the client may retry with the same key. Plain SQL on the
// pool (intake's hot path): one round trip each.

/** An in-flight row older than this belongs to a process that died mid-work: it may be taken over. */
const ABANDONED_AFTER_MS = 2 * 60_000;

export type Claim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export async function claimIdempotencyKey(
  db: Queryable,
  input: { scope: string; key: string; requestHash: string; now: Date },
): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    // One round trip: our row if the insert won, otherwise the committed holder's row (none when it
    // is not committed yet or was just removed: see below).
    const { rows } = await db.query<ClaimRow>({
      name: 'dsr_idempotency_claim',
      text: `WITH created AS (
               INSERT INTO idempotency_keys (scope, key, "requestHash", "createdAt")
               VALUES ($1, $2, $3, $4) ON CONFLICT (scope, key) DO NOTHING RETURNING id)
             SELECT id, true AS created, NULL AS "requestHash", NULL::int AS "responseStatus",
                    NULL::jsonb AS "responseBody", NULL::timestamptz AS "completedAt", NULL::timestamptz AS "createdAt"
               FROM created
             UNION ALL
             SELECT id, false, "requestHash", "responseStatus", "responseBody", "completedAt", "createdAt"
               FROM idempotency_keys WHERE scope = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM created)`,
      values: [input.scope, input.key, input.requestHash, input.now],
    });
    const row = rows[0];
    // Held by a transaction not committed when our statement started, or removed between our insert
    // and our read (the other holder failed): try once more.
    if (!row) continue;
    if (row.created) return { kind: 'claimed', id: row.id };
    if (row.requestHash !== input.requestHash) return { kind: 'mismatch' };
    if (row.completedAt && row.responseStatus !== null) {
      return { kind: 'replay', status: row.responseStatus, body: row.responseBody };
    }
    if (row.createdAt && input.now.getTime() - row.createdAt.getTime() < ABANDONED_AFTER_MS) {
      return { kind: 'in_flight' };
    }
    await releaseIdempotencyKey(db, row.id);
  }
  return { kind: 'in_flight' };
}

/**
 * Stores the answer as part of the work's one-statement write: the key is completed iff the work
 * commits. `bodySql` is a jsonb SQL expression (it may read the statement's other parts).
 */
export function completeIdempotencyKeyInStatement(
  statement: Statement,
  id: string,
  response: { status: number; bodySql: string },
  now: Date,
): void {
  statement.with(
    'idempotency',
    `UPDATE idempotency_keys
        SET "responseStatus" = ${statement.param(response.status)}::int, "responseBody" = (${response.bodySql}),
            "completedAt" = ${statement.param(now)}::timestamptz
      WHERE id = ${statement.param(id)}::uuid RETURNING id`,
  );
  statement.require('(SELECT count(*)::int FROM idempotency)', (n) => {
    if (n !== 1) throw new Error('idempotency: the claimed key row is gone');
  });
}

export async function releaseIdempotencyKey(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE id = $1::uuid AND "completedAt" IS NULL', [id]);
}

/** SHA-256 of the canonical JSON of a parsed body: object keys sorted, so key order does not matter. */
export function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
