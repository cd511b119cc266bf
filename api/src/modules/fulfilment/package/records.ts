import type { PrismaClient } from '../../../db/types.ts';

// The draft's rows read back in order (source, table, seq) with a keyset cursor: one page in memory
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
  let after: { source: string; table: string; seq: number } | null = null;
  for (;;) {
    const page: Array<{
      source: string;
      table: string;
      seq: number;
      data: unknown;
      excluded: boolean;
      excludedFields: string[];
    }> = await prisma.fulfilmentRecord.findMany({
      where: {
        requestId,
        ...(only ?? {}),
        ...(after ? { OR: keysetAfter(after) } : {}),
      },
      orderBy: [{ source: 'asc' }, { table: 'asc' }, { seq: 'asc' }],
      take: PAGE,
      select: { source: true, table: true, seq: true, data: true, excluded: true, excludedFields: true },
    });
    for (const record of page) {
      if (record.excluded) continue;
      yield {
        source: record.source,
        table: record.table,
        data: withoutFields(record.data, record.excludedFields),
      };
    }
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { source: last.source, table: last.table, seq: last.seq };
  }
}

function keysetAfter(k: { source: string; table: string; seq: number }) {
  return [
    { source: { gt: k.source } },
    { source: k.source, table: { gt: k.table } },
    { source: k.source, table: k.table, seq: { gt: k.seq } },
  ];
}

function withoutFields(data: unknown, fields: string[]): Record<string, unknown> {
  const row =
    data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  if (fields.length === 0) return row;
  return Object.fromEntries(Object.entries(row).filter(([key]) => !fields.includes(key)));
}
