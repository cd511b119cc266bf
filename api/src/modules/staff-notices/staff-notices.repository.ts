import type { Db } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';

/** Who receives staff notices: every admin and agent whose account is active. */
export function listNoticeRecipients(db: Db) {
  return db.staffUser.findMany({
    where: { disabledAt: null, role: { in: ['admin', 'agent'] } },
    orderBy: { email: 'asc' },
    select: { id: true, email: true, locale: true },
  });
}

export function findNoticeRequest(db: Db, id: string) {
  return db.request.findUnique({
    where: { id },
    select: { reference: true, type: true, status: true, dueAt: true, extendedDueAt: true, appealOfId: true },
  });
}

/** Open work whose deadline in force is before `until`, earliest first (served by the queue's partial index). */
export function findDueBefore(db: Db, until: Date) {
  return db.$queryRaw<{ reference: string; type: string; due: Date }[]>(Prisma.sql`
    SELECT r.reference, r.type::text AS type, COALESCE(r."extendedDueAt", r."dueAt") AS due
    FROM requests r
    WHERE r.status IN ('verified', 'in_progress', 'awaiting_subject')
      AND COALESCE(r."extendedDueAt", r."dueAt") < ${until}::timestamptz
    ORDER BY COALESCE(r."extendedDueAt", r."dueAt"), r.id`);
}
