import type { RequestType } from '@dsr/shared/request-types';
import { OPEN_STATUSES, type RequestStatus } from '@dsr/shared/statuses';
import type { Db } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';
import type { DueCursor, ReceivedCursor } from './cursor.ts';

// The staff queue in SQL, because its order is on an expression Prisma cannot sort or index by:
// the deadline in force, COALESCE("extendedDueAt", "dueAt"). Two indexes serve it (migration
// 20261125084324_staff_queue_indexes): a partial one on (due, id) for the open work statuses (the
// default view, and any subset of it) and (status, due, id) for any single status. Keyset
// pagination on (due, id): every page is an index range scan, whatever its depth.
// `sort=received` (newest first) pages on (receivedAt, id) the same way, backwards, over two more
// (migration 20261202030000_queue_received_name): a partial one on ("receivedAt", id) for the open
// work statuses and ("status", "receivedAt", id). A name search is a word-prefix full-text match
// served by a GIN index on to_tsvector('simple', "fullName").

const DUE = Prisma.raw('COALESCE(r."extendedDueAt", r."dueAt")');
export const WORK_STATUSES = ['verified', 'in_progress', 'awaiting_subject'] as const;

export interface QueueFilter {
  statuses: readonly RequestStatus[];
  types?: readonly RequestType[] | undefined;
  /** A staff id, or null for unassigned. */
  assigneeId?: string | null | undefined;
  overdue?: boolean | undefined;
  dueBefore?: Date | undefined;
  search?:
    | { kind: 'email' | 'reference' | 'referencePrefix' | 'name'; value: string }
    | { kind: 'none' }
    | undefined;
  now: Date;
}

export interface QueueRow {
  id: string;
  reference: string;
  type: RequestType;
  status: RequestStatus;
  email: string;
  fullName: string;
  receivedAt: Date;
  due: Date | null;
  extended: boolean;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
  isAppeal: boolean;
}

// Statuses are validated enum values; inlined as literals so the planner can prove the partial
// index's predicate from them (it cannot from a bound array parameter).
const statusList = (statuses: readonly RequestStatus[]) =>
  Prisma.raw(statuses.map((s) => `'${s.replace(/[^a-z_]/g, '')}'`).join(', '));

function conditions(filter: QueueFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`r.status IN (${statusList(filter.statuses)})`];
  if (filter.types) where.push(Prisma.sql`r.type = ANY(${[...filter.types]}::"RequestType"[])`);
  if (filter.assigneeId === null) where.push(Prisma.sql`r."assigneeId" IS NULL`);
  else if (filter.assigneeId !== undefined)
    where.push(Prisma.sql`r."assigneeId" = ${filter.assigneeId}::uuid`);
  if (filter.overdue === true) {
    where.push(
      Prisma.sql`r.status IN (${statusList(WORK_STATUSES)}) AND ${DUE} < ${filter.now}::timestamptz`,
    );
  } else if (filter.overdue === false) {
    where.push(
      Prisma.sql`(${DUE} >= ${filter.now}::timestamptz OR ${DUE} IS NULL OR r.status NOT IN (${statusList(WORK_STATUSES)}))`,
    );
  }
  if (filter.dueBefore) where.push(Prisma.sql`${DUE} < ${filter.dueBefore}::timestamptz`);
  const search = filter.search;
  if (search?.kind === 'none') where.push(Prisma.sql`FALSE`);
  else if (search?.kind === 'email') where.push(Prisma.sql`r.email = ${search.value}`);
  else if (search?.kind === 'reference') where.push(Prisma.sql`r.reference = ${search.value}`);
  else if (search?.kind === 'name') {
    // `value` is a tsquery of word prefixes built from letters and digits only (list-queue.ts).
    where.push(Prisma.sql`to_tsvector('simple', r."fullName") @@ to_tsquery('simple', ${search.value})`);
  } else if (search?.kind === 'referencePrefix') {
    where.push(Prisma.sql`r.reference LIKE ${`${search.value.replace(/[\\%_]/g, '\\$&')}%`}`);
  }
  return where;
}

// The page of requests is taken first (ORDER BY + LIMIT on `requests` alone, an index range scan)
// and only its rows are joined to their assignee. With the join in the same query level, a low
// row estimate for the cursor condition (many equal dates) made the planner join and sort every
// matching row before the limit: 777 ms at depth 500k instead of a fraction of a millisecond.
function select(where: Prisma.Sql[], order: Prisma.Sql, limit: number) {
  return Prisma.sql`
    SELECT r.id, r.reference, r.type::text AS type, r.status::text AS status, r.email, r."fullName",
           r."receivedAt", ${DUE} AS due, (r."extendedDueAt" IS NOT NULL) AS extended, r.version,
           r."assigneeId", s.name AS "assigneeName", (r."appealOfId" IS NOT NULL) AS "isAppeal"
    FROM (
      SELECT r.id, r.reference, r.type, r.status, r.email, r."fullName", r."receivedAt", r."dueAt",
             r."extendedDueAt", r.version, r."assigneeId", r."appealOfId"
      FROM requests r
      WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY ${order}
      LIMIT ${limit}
    ) r
    LEFT JOIN staff_users s ON s.id = r."assigneeId"
    ORDER BY ${order}`;
}

/** Up to `limit` rows after `cursor`, in (deadline in force, id) order, deadlines before no deadline. */
export async function findQueuePage(
  db: Db,
  filter: QueueFilter,
  cursor: DueCursor | undefined,
  limit: number,
): Promise<QueueRow[]> {
  const where = conditions(filter);
  const byDue = Prisma.sql`${DUE}, r.id`;
  if (!cursor) return db.$queryRaw<QueueRow[]>(select(where, byDue, limit));
  if (cursor.dueAt === null) {
    return db.$queryRaw<QueueRow[]>(
      select([...where, Prisma.sql`${DUE} IS NULL`, Prisma.sql`r.id > ${cursor.id}::uuid`], byDue, limit),
    );
  }
  // Rows with a deadline after the cursor, then (only if the page is not full) those without one:
  // a row comparison keeps the first part an index range; the null tail is rare (pending requests).
  const after = Prisma.sql`(${DUE}, r.id) > (${cursor.dueAt}::timestamptz, ${cursor.id}::uuid)`;
  const rows = await db.$queryRaw<QueueRow[]>(select([...where, after], byDue, limit));
  if (rows.length >= limit) return rows;
  const tail = await db.$queryRaw<QueueRow[]>(
    select([...where, Prisma.sql`${DUE} IS NULL`], byDue, limit - rows.length),
  );
  return [...rows, ...tail];
}

/** Up to `limit` rows after `cursor`, newest received first (receivedAt is never null). */
export async function findQueuePageByReceived(
  db: Db,
  filter: QueueFilter,
  cursor: ReceivedCursor | undefined,
  limit: number,
): Promise<QueueRow[]> {
  const where = conditions(filter);
  if (cursor) {
    where.push(Prisma.sql`(r."receivedAt", r.id) < (${cursor.receivedAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  return db.$queryRaw<QueueRow[]>(select(where, Prisma.sql`r."receivedAt" DESC, r.id DESC`, limit));
}

export interface QueueCountRow {
  pending_verification: number;
  verified: number;
  in_progress: number;
  awaiting_subject: number;
  overdue: number;
}

/** Open requests per status and overdue ones: index-only counts over open statuses, never the whole table. */
export async function countOpen(db: Db, now: Date): Promise<QueueCountRow> {
  const perStatus = OPEN_STATUSES.map(
    (status) =>
      Prisma.sql`(SELECT count(*) FROM requests WHERE status = ${Prisma.raw(`'${status}'`)})::int AS ${Prisma.raw(`"${status}"`)}`,
  );
  const [row] = await db.$queryRaw<QueueCountRow[]>(Prisma.sql`
    SELECT ${Prisma.join(perStatus, ', ')},
      (SELECT count(*) FROM requests r WHERE r.status IN (${statusList(WORK_STATUSES)})
         AND ${DUE} < ${now}::timestamptz)::int AS overdue`);
  return row!;
}
