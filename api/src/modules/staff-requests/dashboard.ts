import type { RequestType } from '@dsr/shared/request-types';
import type { Dashboard } from '@dsr/shared/staff-requests';
import type { Db } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';
import { countOpen } from './queue.repository.ts';

// GET /staff/dashboard: open work, overdue, median time to close, verified requests per type and month.

export async function getDashboard(db: Db, context: { now: Date; timeZone: string }): Promise<Dashboard> {
  const yearAgo = new Date(context.now.getTime() - 365 * 86_400_000);
  const [counts, median, perMonth] = await Promise.all([
    countOpen(db, context.now),
    db.$queryRaw<{ days: number | null }[]>(Prisma.sql`
      SELECT (percentile_cont(0.5) WITHIN GROUP (
               ORDER BY EXTRACT(EPOCH FROM ("closedAt" - "verifiedAt")) / 86400))::float8 AS days
      FROM requests
      WHERE status IN ('completed', 'denied') AND "verifiedAt" IS NOT NULL
        AND "closedAt" >= ${yearAgo}::timestamptz`),
    db.$queryRaw<{ month: string; type: RequestType; count: number }[]>(Prisma.sql`
      SELECT to_char("verifiedAt" AT TIME ZONE ${context.timeZone}, 'YYYY-MM') AS month,
             type::text AS type, count(*)::int AS count
      FROM requests
      WHERE "verifiedAt" >= ${yearAgo}::timestamptz
      GROUP BY 1, 2
      ORDER BY 1, 2`),
  ]);
  const days = median[0]?.days ?? null;
  return {
    openByStatus: {
      verified: counts.verified,
      in_progress: counts.in_progress,
      awaiting_subject: counts.awaiting_subject,
    },
    overdue: counts.overdue,
    medianDaysToClose: days === null ? null : Math.round(days * 10) / 10,
    perTypePerMonth: perMonth,
  };
}
