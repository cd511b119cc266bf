import { Prisma, type PrismaClient } from '../../../db/types.ts';

// The draft's rows read back in order (source, table, seq), one page of a table in memory
// at a time, whatever the package's size. Art. 15(4) exclusions are applied here, once for every
// file of the package: an excluded row never comes out, excluded fields are dropped from their row.

const PAGE = 500;

export interface PackageRow {
  source: string;
  table: string;
  data: Record<string, unknown>;
}

export async function* readRows(
  prisma: PrismaClient,
  requestId: string,
  only?: { source: string; table: string },
): AsyncGenerator<PackageRow> {
  const narrow = only ? Prisma.sql`AND source = ${only.source} AND "table" = ${only.table}` : Prisma.empty;
  const tables: Array<{ source: string; table: string; last: number }> = await prisma.$queryRaw`
    SELECT source, "table", max(seq) AS last FROM fulfilment_records
    WHERE "requestId" = ${requestId}::uuid ${narrow}
    GROUP BY source, "table" ORDER BY source, "table"`;
  for (const { source, table, last } of tables) {
    // Pages are ranges of `seq` (dense per table, as the sink wrote it): each one reads its own rows
    // whatever plan PostgreSQL picks. A keyset `ORDER BY … LIMIT` was planned as a scan of every
    // remaining row plus a sort while the table's statistics lagged behind a fresh draft (measured:
    // 38 s to scan a 100k-row draft, quadratic in its size).
    for (let from = 0; from <= last; from += PAGE) {
      const page: Array<{ data: string; excluded: boolean; excludedFields: string[] | null }> =
        await prisma.$queryRaw`
          SELECT data::text AS data, excluded, "excludedFields" FROM fulfilment_records
          WHERE "requestId" = ${requestId}::uuid AND source = ${source} AND "table" = ${table}
            AND seq >= ${from}::int AND seq < ${from + PAGE}::int
          ORDER BY seq`;
      for (const record of page) {
        if (record.excluded) continue;
        yield { source, table, data: withoutFields(JSON.parse(record.data), record.excludedFields ?? []) };
      }
    }
  }
}

function withoutFields(data: unknown, fields: string[]): Record<string, unknown> {
  const row =
    data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  if (fields.length === 0) return row;
  return Object.fromEntries(Object.entries(row).filter(([key]) => !fields.includes(key)));
}
