import { sqlPool } from '../../db/client.ts';
import type { PrismaClient } from '../../db/types.ts';
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
  const pool = sqlPool(prisma);
  const seqs = new Map<string, number>();
  // A batch is one JSON array text, [{"t":table,"s":seq,"d":row}, ...], sent as a single parameter:
  // each row's JSON goes in as it is (an array of texts was escaped again, element by element, into
  // an array literal), and PostgreSQL splits it (jsonb_to_recordset). Prisma's createMany cost a
  // query-compiler pass per row (measured: 82 s for 100k rows, against 5 s to read them), and even
  // $executeRaw copied each batch's text through the client on its way to the driver: plain pg here.
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = `[${batch.join(',')}]`;
    batch = [];
    await pool.query(
      `INSERT INTO fulfilment_records ("requestId", source, "table", seq, data)
       SELECT $1::uuid, $2, r.t, r.s, r.d FROM jsonb_to_recordset($3::jsonb) AS r(t text, s int, d jsonb)`,
      [target.requestId, target.source, rows],
    );
  };
  return {
    async row(table, row) {
      const seq = seqs.get(table) ?? 0;
      seqs.set(table, seq + 1);
      // Types without a package (webhook answers for erasure, ...) only count what they were sent.
      if (!target.store) return;
      batch.push(`{"t":${JSON.stringify(table)},"s":${seq},"d":${jsonText(row)}}`);
      if (batch.length >= BATCH) await flush();
    },
    async finish() {
      await flush();
      return Object.fromEntries(seqs);
    },
  };
}

/** A row as JSON text: dates as ISO strings, bigints as strings, bytes as base64. */
export function jsonText(value: Record<string, unknown>): string {
  return JSON.stringify(value, function replacer(key, v) {
    const raw = key === '' ? v : (this as Record<string, unknown>)[key];
    if (typeof raw === 'bigint') return raw.toString();
    if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
    if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
    return v;
  });
}
