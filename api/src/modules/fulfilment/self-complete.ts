import { describeChanges, type RecordedChange } from '@dsr/shared/effects';
import { asLocale } from '@dsr/shared/text';
import type { Prisma } from '../../db/types.ts';
import { lockRequest } from '../requests/request.lock.ts';
import { transitionRequest } from '../requests/request.transition.ts';
import { isAutoAcknowledged } from '../verification/verification.service.ts';
import type { FulfilmentContext } from './fulfilment.context.ts';

// A request that needs nobody: a consent withdrawal, or an objection to direct marketing alone,
// whose effects every source applied at verification completes by itself (system actor: `start`
// then `complete`, both audited), with an outcome listing what changed; the completion mail
// carries it. A source that failed, waits for a callback or opened a task, a purpose no source
// maps ("other"), or a subject no source found (nothing changed), leaves the request open for
// staff, who see why in the fulfilment panel.

export async function completeIfNobodyNeeded(ctx: FulfilmentContext, requestId: string): Promise<boolean> {
  return ctx.prisma.$transaction(async (tx) => {
    await lockRequest(tx, requestId);
    const request = await tx.request.findUnique({
      where: { id: requestId },
      select: { type: true, status: true, details: true, locale: true, outcomeData: true },
    });
    if (request?.status !== 'verified' || !isAutoAcknowledged(request.type, request.details)) {
      return false;
    }
    const [rows, openTasks] = await Promise.all([
      tx.fulfilmentSource.findMany({
        where: { requestId },
        select: { source: true, state: true, result: true },
      }),
      tx.task.count({ where: { requestId, status: 'open' } }),
    ]);
    if (rows.length === 0 || openTasks > 0 || rows.some((r) => r.state !== 'done')) return false;
    const changes: RecordedChange[] = rows.flatMap((r) => {
      const list = (r.result as { changes?: Array<Omit<RecordedChange, 'source'>> } | null)?.changes ?? [];
      return list.map((c) => ({ source: r.source, change: c.change, table: c.table, rows: c.rows }));
    });
    // Nobody found in any source (or nothing changed): staff look for the person (identifiers).
    const webhookTold = rows.some((r) => !(r.result as { changes?: unknown } | null)?.changes);
    if (!webhookTold && !changes.some((c) => c.rows > 0)) return false;
    const kind = request.type === 'consent_withdrawal' ? 'consent_withdrawal' : 'objection';
    const purposes = ((request.details as { purposes?: string[] } | null)?.purposes ?? []).map(String);
    // Every purpose must have been applied by some source (a webhook's 200 counts for its own).
    const applied = new Set(changes.map((c) => c.change));
    const missing = purposes.filter((p) => !applied.has(`${kind}.${p}`));
    if (missing.length > 0 && !(webhookTold && !missing.includes('other'))) return false;
    const locale = asLocale(request.locale);
    const outcome = describeChanges(
      changes.length > 0
        ? changes
        : purposes.map((p) => ({
            source: rows.map((r) => r.source).join(', '),
            change: `${kind}.${p}`,
            table: '',
            rows: 0,
          })),
      locale,
    );
    const now = new Date();
    const system = { type: 'system' as const };
    await transitionRequest(tx, {
      requestId,
      action: 'start',
      actor: system,
      auditType: 'request.status_changed',
      changes: { updatedAt: now },
    });
    const previous = (request.outcomeData ?? {}) as Prisma.InputJsonObject;
    await transitionRequest(tx, {
      requestId,
      action: 'complete',
      actor: system,
      auditType: 'request.completed',
      auditData: { automatic: true },
      changes: {
        closedAt: now,
        outcome,
        outcomeData: {
          ...previous,
          changes: changes as unknown as Prisma.InputJsonArray,
          completedBy: 'system',
        },
        updatedAt: now,
      },
    });
    return true;
  });
}
