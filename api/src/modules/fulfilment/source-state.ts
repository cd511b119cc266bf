import type { FulfilmentState } from '@dsr/shared/fulfilment';
import type { Prisma, Tx } from '../../db/types.ts';
import { appendAudit } from '../audit/audit.repository.ts';

// How a webhook or manual source's row in fulfilment_sources settles. Every change is conditional
// on the state it leaves (`waiting`), so a late answer (a callback racing its own 202, a retried
// delivery after a callback) never overwrites an outcome; each settlement is audited, and the
// fulfilment reaction to that event asks the settle job whether the package can be built.

export type TableRows = Record<string, Array<Record<string, unknown>>>;

/** A table name as it will name a CSV in the package: no dots, no slashes. */
export const TABLE_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const INSERT_BATCH = 500;

export interface SettledSource {
  id: string;
  requestId: string;
  source: string;
}

/** Moves a waiting row to `done`, storing its rows (replacing any earlier ones); false if not waiting. */
export async function completeSource(
  tx: Tx,
  row: SettledSource,
  data: TableRows | undefined,
  now: Date,
  options: { extra?: Record<string, Prisma.InputJsonValue>; from?: FulfilmentState[] } = {},
): Promise<boolean> {
  const tables: Record<string, { rows: number; category: string }> = {};
  for (const [table, rows] of Object.entries(data ?? {}))
    tables[table] = { rows: rows.length, category: row.source };
  const updated = await tx.fulfilmentSource.updateMany({
    where: { id: row.id, state: { in: options.from ?? ['waiting'] } },
    data: {
      state: 'done',
      finishedAt: now,
      nextAttemptAt: null,
      lastError: null,
      result: { tables, ...options.extra },
    },
  });
  if (updated.count !== 1) return false;
  await tx.fulfilmentRecord.deleteMany({ where: { requestId: row.requestId, source: row.source } });
  for (const [table, rows] of Object.entries(data ?? {})) {
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await tx.fulfilmentRecord.createMany({
        data: rows.slice(i, i + INSERT_BATCH).map((r, j) => ({
          requestId: row.requestId,
          source: row.source,
          table,
          seq: i + j,
          data: r as Prisma.InputJsonObject,
        })),
      });
    }
  }
  const counts = Object.fromEntries(Object.entries(tables).map(([t, v]) => [t, v.rows]));
  await appendAudit(tx, {
    requestId: row.requestId,
    actor: { type: 'system' },
    type: 'fulfilment.source_done',
    data: { source: row.source, fulfilmentSourceId: row.id, rows: counts },
  });
  return true;
}

/** Moves a waiting row to `failed` with a code (and a message with no personal data); false if not waiting. */
export async function failSource(
  tx: Tx,
  row: SettledSource,
  error: { code: string; message: string },
  now: Date,
  result?: Prisma.InputJsonObject,
): Promise<boolean> {
  const updated = await tx.fulfilmentSource.updateMany({
    where: { id: row.id, state: 'waiting' },
    data: {
      ...(result ? { result } : {}),
      state: 'failed',
      finishedAt: now,
      nextAttemptAt: null,
      lastError: formatLastError(error.code, error.message),
    },
  });
  if (updated.count !== 1) return false;
  await appendAudit(tx, {
    requestId: row.requestId,
    actor: { type: 'system' },
    type: 'fulfilment.source_failed',
    data: { source: row.source, fulfilmentSourceId: row.id, code: error.code },
  });
  return true;
}

/** `lastError` is one column: "<code>: <message>", bounded. */
export function formatLastError(code: string, message: string): string {
  return `${code}: ${message}`.slice(0, 1000);
}
