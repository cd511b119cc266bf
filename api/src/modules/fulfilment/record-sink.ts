import type { Prisma, PrismaClient } from '../../db/types.ts';
import type { RowSink } from './sources/source.ts';

// Rows a source collects, written to fulfilment_records in batches with a per-table sequence, so the
// package streams them back in order. The sink's `row` is awaited by the source: a full batch is
// flushed before the next row is accepted (bounded memory, backpressure on the source's cursor).

const BATCH = 500;

export interface RecordSink extends RowSink {
  /** Writes what is buffered; returns rows per table. */
  finish(): Promise<Record<string, number>>;
}

export function recordSink(
  prisma: PrismaClient,
  target: { requestId: string; source: string; store: boolean },
): RecordSink {
  const seqs = new Map<string, number>();
  let batch: Prisma.FulfilmentRecordCreateManyInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await prisma.fulfilmentRecord.createMany({ data: rows });
  };
  return {
    async row(table, row) {
      const seq = seqs.get(table) ?? 0;
      seqs.set(table, seq + 1);
      // Types without a package (webhook answers for erasure, ...) only count what they were sent.
      if (!target.store) return;
      batch.push({ requestId: target.requestId, source: target.source, table, seq, data: toJson(row) });
      if (batch.length >= BATCH) await flush();
    },
    async finish() {
      await flush();
      return Object.fromEntries(seqs);
    },
  };
}

/** A row as JSON: dates as ISO strings, bigints as strings, bytes as base64. */
export function toJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(
    JSON.stringify(value, function replacer(key, v) {
      const raw = key === '' ? v : (this as Record<string, unknown>)[key];
      if (typeof raw === 'bigint') return raw.toString();
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
      if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
      return v;
    }),
  ) as Prisma.InputJsonObject;
}
