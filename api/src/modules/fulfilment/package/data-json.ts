import type { PrismaClient } from '../../../db/types.ts';
import { readRows } from './records.ts';
import type { TableScan } from './scan.ts';

// data.json, written piece by piece as rows come from the cursor (never built in memory):
// {controller, request, generatedAt, sources: {<source>: {<table>: [rows]}}}. Tables without rows
// are present as empty arrays, so the document says what was looked at.

export interface DataHeader {
  controller: Record<string, unknown>;
  request: Record<string, unknown>;
  generatedAt: string;
}

export async function* dataJson(
  prisma: PrismaClient,
  requestId: string,
  header: DataHeader,
  tables: TableScan[],
): AsyncGenerator<string> {
  const head = JSON.stringify(header, null, 2);
  yield `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "sources": {`;
  const bySource = new Map<string, string[]>();
  for (const t of tables) bySource.set(t.source, [...(bySource.get(t.source) ?? []), t.table]);
  let firstSource = true;
  for (const [source, names] of bySource) {
    yield `${firstSource ? '' : ','}\n    ${JSON.stringify(source)}: {`;
    firstSource = false;
    let firstTable = true;
    for (const table of names) {
      yield `${firstTable ? '' : ','}\n      ${JSON.stringify(table)}: [`;
      firstTable = false;
      let firstRow = true;
      let chunk = '';
      for await (const row of readRows(prisma, requestId, { source, table })) {
        chunk += `${firstRow ? '' : ','}\n        ${JSON.stringify(row.data)}`;
        firstRow = false;
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}${firstRow ? '' : '\n      '}]`;
    }
    yield `${names.length ? '\n    ' : ''}}`;
  }
  yield `${bySource.size ? '\n  ' : ''}}\n}\n`;
}
