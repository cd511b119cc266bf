import { daysLeft, isOverdue } from '@dsr/shared/deadline';
import { REFERENCE_PATTERN } from '@dsr/shared/reference';
import { QUEUE_DEFAULT_STATUSES, type QueueAnswer, type QueueQuery } from '@dsr/shared/staff-requests';
import { isOpenStatus } from '@dsr/shared/statuses';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { countOpen, findQueuePage, findQueuePageByReceived, type QueueFilter } from './queue.repository.ts';
import type { StaffActor, StaffRequestsContext } from './staff-requests.context.ts';

/** GET /staff/requests: one keyset page of the queue, deadline in force first (so overdue first). */
export async function listQueue(
  ctx: StaffRequestsContext,
  staff: StaffActor,
  query: QueueQuery,
): Promise<QueueAnswer> {
  const sort = query.sort ?? 'due';
  const filter: QueueFilter = {
    statuses: query.status ?? QUEUE_DEFAULT_STATUSES,
    types: query.type,
    assigneeId: query.assignee === 'me' ? staff.id : query.assignee === 'none' ? null : query.assignee,
    overdue: query.overdue,
    dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
    search: query.q === undefined ? undefined : parseSearch(query.q),
    now: ctx.now,
  };
  const page$ =
    sort === 'received'
      ? findQueuePageByReceived(
          ctx.prisma,
          filter,
          query.cursor ? decodeCursor(query.cursor, 'received') : undefined,
          query.limit + 1,
        )
      : findQueuePage(
          ctx.prisma,
          filter,
          query.cursor ? decodeCursor(query.cursor, 'due') : undefined,
          query.limit + 1,
        );
  const [rows, counts] = await Promise.all([page$, query.cursor ? null : countOpen(ctx.prisma, ctx.now)]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const timeZone = ctx.controller.timeZone;
  return {
    items: page.map((row) => {
      const working = isOpenStatus(row.status) && row.due !== null;
      return {
        reference: row.reference,
        type: row.type,
        status: row.status,
        email: row.email,
        fullName: row.fullName,
        receivedAt: row.receivedAt.toISOString(),
        dueAt: row.due?.toISOString() ?? null,
        extended: row.extended,
        daysLeft: working && row.due ? daysLeft(row.due, ctx.now, timeZone) : null,
        overdue: working && row.due ? isOverdue(row.due, ctx.now) : false,
        assignee: row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : null,
        isAppeal: row.isAppeal,
        version: row.version,
      };
    }),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor(
            sort === 'received'
              ? { sort, receivedAt: last.receivedAt, id: last.id }
              : { dueAt: last.due, id: last.id },
          )
        : null,
    counts,
  };
}

/**
 * `q`: an address (exact, normalised), a full reference, or the start of one; otherwise words of
 * the name, each matching the start of a word of it (a tsquery `word:* & …` of letters and digits
 * only, so nothing typed can change the query's syntax). No letter or digit at all matches nothing.
 */
export function parseSearch(q: string): NonNullable<QueueFilter['search']> {
  const value = q.trim();
  if (value.includes('@')) return { kind: 'email', value: value.toLowerCase() };
  const upper = value.toUpperCase();
  if (REFERENCE_PATTERN.test(upper)) return { kind: 'reference', value: upper };
  if (/^DSR-(\d{1,4}(-\d*)?)?$/.test(upper)) return { kind: 'referencePrefix', value: upper };
  // Same folding as to_tsvector('simple'): lower case; words are runs of letters and digits.
  const words = (value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  if (words.length === 0) return { kind: 'none' };
  return { kind: 'name', value: words.map((w) => `${w}:*`).join(' & ') };
}
