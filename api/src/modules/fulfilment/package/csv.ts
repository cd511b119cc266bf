import type { PrismaClient } from '../../../db/types.ts';
import { readRows } from './records.ts';
import type { TableScan } from './scan.ts';

// <source>/<table>.csv: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a BOM so spreadsheets read
// accents right. Text starting with = + - @ (or a tab / CR) is prefixed with ' so a spreadsheet never
// runs it as a formula (CSV injection); numbers and booleans are written as they are.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = FORMULA_START.test(value) ? `'${value}` : value;
  else if (typeof value === 'object') text = neutralise(JSON.stringify(value));
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const neutralise = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export const csvLine = (cells: unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export async function* tableCsv(
  prisma: PrismaClient,
  requestId: string,
  scan: TableScan,
): AsyncGenerator<string> {
  const columns = [...scan.columns.keys()];
  yield `\uFEFF${csvLine(columns)}`;
  let chunk = '';
  for await (const row of readRows(prisma, requestId, { source: scan.source, table: scan.table })) {
    chunk += csvLine(columns.map((c) => row.data[c]));
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
