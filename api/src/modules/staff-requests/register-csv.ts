import { Readable } from 'node:stream';
import { REGISTER_COLUMNS } from '@dsr/shared/staff-requests';
import type { Db } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';

// GET /staff/register.csv: the accountability register (Art. 5(2)) — one line per request with
// dates, outcome and days taken; no names, addresses or free text. Streamed in keyset batches so
// memory stays flat however many requests there are.

const BATCH = 1000;
const DAY_MS = 86_400_000;

interface RegisterRow {
  id: string;
  reference: string;
  type: string;
  status: string;
  receivedAt: Date;
  verifiedAt: Date | null;
  dueAt: Date | null;
  extendedDueAt: Date | null;
  extensionMonths: number | null;
  closedAt: Date | null;
  denialReasonCode: string | null;
  appealOf: string | null;
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled); spreadsheet formulas neutralised. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly (string | number | boolean | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function outcomeOf(status: string): string | null {
  return ['completed', 'denied', 'cancelled', 'expired'].includes(status) ? status : null;
}

/** Days from verification (or receipt, when never verified) to closure, rounded up; empty while open. */
function daysTaken(row: RegisterRow): number | null {
  if (!row.closedAt) return null;
  const start = row.verifiedAt ?? row.receivedAt;
  return Math.max(0, Math.ceil((row.closedAt.getTime() - start.getTime()) / DAY_MS));
}

export function registerLine(row: RegisterRow): string {
  return csvLine([
    row.reference,
    row.type,
    row.status,
    iso(row.receivedAt),
    iso(row.verifiedAt),
    iso(row.extendedDueAt ?? row.dueAt),
    row.extensionMonths ? 'yes' : 'no',
    row.extensionMonths,
    iso(row.closedAt),
    outcomeOf(row.status),
    row.denialReasonCode,
    daysTaken(row),
    row.appealOf,
  ]);
}

async function* lines(db: Db): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(REGISTER_COLUMNS)}`;
  let after: { receivedAt: Date; id: string } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after
      ? Prisma.sql`WHERE (r."receivedAt", r.id) > (${after.receivedAt}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const rows: RegisterRow[] = await db.$queryRaw<RegisterRow[]>(Prisma.sql`
      SELECT r.id, r.reference, r.type::text AS type, r.status::text AS status, r."receivedAt", r."verifiedAt",
             r."dueAt", r."extendedDueAt", r."extensionMonths", r."closedAt",
             r."denialReasonCode"::text AS "denialReasonCode", o.reference AS "appealOf"
      FROM requests r LEFT JOIN requests o ON o.id = r."appealOfId"
      ${keyset}
      ORDER BY r."receivedAt", r.id
      LIMIT ${BATCH}`);
    if (rows.length > 0) yield rows.map(registerLine).join('');
    if (rows.length < BATCH) return;
    const last = rows.at(-1)!;
    after = { receivedAt: last.receivedAt, id: last.id };
  }
}

export function registerCsvStream(db: Db): Readable {
  return Readable.from(lines(db), { objectMode: false });
}
