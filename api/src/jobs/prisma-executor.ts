import type { SqlExecutor } from './boss.ts';

/** The one method we need from a Prisma interactive-transaction client. */
export interface RawQueryClient {
  $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<unknown>;
}

/**
 * Adapts `prisma.$transaction(async (tx) => ...)`'s `tx` to pg-boss's `db` option, so a job is
 * inserted in the caller's transaction: `enqueueInTx(prismaTxExecutor(tx), name, data)`.
 */
export function prismaTxExecutor(tx: RawQueryClient): SqlExecutor {
  return async (sql, values) => {
    const rows = await tx.$queryRawUnsafe(sql, ...values.map(toParameter));
    return { rows: Array.isArray(rows) ? rows : [] };
  };
}

// pg-boss passes the job payload as an object for a `$n::jsonb` parameter and leaves unset options
// undefined. node-postgres and Prisma 7's adapter-pg both cope; serialising here keeps that true for
// any driver adapter.
export function toParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Array.isArray(value) || Buffer.isBuffer(value)) return value;
  return JSON.stringify(value);
}
