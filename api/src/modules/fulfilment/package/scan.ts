import type { PrismaClient } from '../../../db/types.ts';
import { readRows } from './records.ts';

// A first pass over the draft: per source and table, rows kept, rows left out, and the columns seen
// with their JSON types (the CSV headers and data.schema.json come from it). Counts and names only.

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface TableScan {
  source: string;
  table: string;
  rows: number;
  excluded: number;
  columns: Map<string, Set<JsonType>>;
}

export const jsonType = (value: unknown): JsonType => {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'object') return 'object';
  return 'string';
};

export async function scanPackage(prisma: PrismaClient, requestId: string): Promise<TableScan[]> {
  const tables = new Map<string, TableScan>();
  const keyOf = (source: string, table: string) => `${source}\u0000${table}`;
  const grouped = await prisma.fulfilmentRecord.groupBy({
    by: ['source', 'table', 'excluded'],
    where: { requestId },
    _count: { _all: true },
    orderBy: [{ source: 'asc' }, { table: 'asc' }],
  });
  for (const g of grouped) {
    const key = keyOf(g.source, g.table);
    const scan = tables.get(key) ?? {
      source: g.source,
      table: g.table,
      rows: 0,
      excluded: 0,
      columns: new Map(),
    };
    if (g.excluded) scan.excluded += g._count._all;
    tables.set(key, scan);
  }
  for await (const row of readRows(prisma, requestId)) {
    const scan = tables.get(keyOf(row.source, row.table))!;
    scan.rows += 1;
    for (const [column, value] of Object.entries(row.data)) {
      const types = scan.columns.get(column) ?? new Set<JsonType>();
      types.add(jsonType(value));
      scan.columns.set(column, types);
    }
  }
  // Rows come back from jsonb with their keys reordered: give every file one readable order.
  for (const scan of tables.values()) {
    scan.columns = new Map([...scan.columns].sort(([a], [b]) => columnOrder(a, b)));
  }
  return [...tables.values()];
}

/** `id` first, then alphabetical. */
const columnOrder = (a: string, b: string): number =>
  a === 'id' ? -1 : b === 'id' ? 1 : a < b ? -1 : a > b ? 1 : 0;
