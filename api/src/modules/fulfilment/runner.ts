import type { Prisma } from '../../db/types.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { actOrCollect } from './effects.ts';
import type { FulfilmentContext } from './fulfilment.context.ts';
import { buildsPackage } from './plan.ts';
import type { SourceJob } from './queues.ts';
import { recordSink } from './record-sink.ts';
import {
  type ActAnswer,
  type CollectAnswer,
  type EraseAnswer,
  type ErasureTableResult,
  SourceError,
} from './sources/source.ts';
import { loadSubject } from './subject-identity.ts';

// One (request, source) of a `fulfil`: claim the row, run the source, record what it answered (the
// audit event's fulfilment reaction then asks the settle worker whether the request is fulfilled). A retryable failure is thrown back to
// pg-boss (retried with backoff) until the last attempt, which marks the source failed for staff.

/** A run left `running` longer than this (a crashed worker) may be claimed again. */
export const STALE_RUN_MS = 15 * 60_000;
const RUN_TIMEOUT_MS = 10 * 60_000;

export interface RunnerOptions {
  /** Attempts per run before the source shows as failed (pg-boss retryLimit + 1). */
  maxAttempts: number;
  /** Roughly when pg-boss tries again, shown to staff. */
  retryDelaySeconds: number;
}

export async function runSource(
  ctx: FulfilmentContext,
  job: SourceJob,
  options: RunnerOptions,
): Promise<void> {
  const { prisma } = ctx;
  const now = new Date();
  const row = await prisma.fulfilmentSource.findUnique({
    where: { requestId_source: { requestId: job.requestId, source: job.source } },
    select: { id: true, attempts: true },
  });
  if (!row) return;
  // Only a pending row (or one a crashed worker left running) is run: a duplicate job does nothing.
  const claimed = await prisma.fulfilmentSource.updateMany({
    where: {
      id: row.id,
      OR: [
        { state: 'pending' },
        { state: 'running', startedAt: { lt: new Date(now.getTime() - STALE_RUN_MS) } },
      ],
    },
    data: { state: 'running', attempts: { increment: 1 }, startedAt: now, nextAttemptAt: null },
  });
  if (claimed.count !== 1) return;
  const attempt = row.attempts + 1;
  const loaded = await loadSubject(prisma, job.requestId);
  const source = ctx.sources.get(job.source);
  if (!loaded || !source) {
    await fail(ctx, job, row.id, 'source_unknown', 'The data map no longer lists this source.');
    return;
  }
  const { request, subject } = loaded;
  // A second run must never duplicate rows: what this source collected before goes first.
  await prisma.fulfilmentRecord.deleteMany({ where: { requestId: job.requestId, source: job.source } });
  const sink = recordSink(prisma, {
    requestId: job.requestId,
    source: job.source,
    store: buildsPackage(request.type),
  });
  const signal = AbortSignal.timeout(RUN_TIMEOUT_MS);
  let answer: CollectAnswer | ActAnswer | EraseAnswer;
  try {
    // Erasure acts on the rows (one transaction per source); effects and corrections go through
    // actOrCollect; webhook and manual sources take any type through collect (a delivery, a task).
    answer =
      request.type === 'erasure' && source.erase
        ? await source.erase(request, subject, { now, signal })
        : await actOrCollect(source, request, subject, sink, { now, signal });
    await sink.finish();
  } catch (err) {
    // Rows staged before the failure would show half a source in the draft: they go, all of them.
    await prisma.fulfilmentRecord.deleteMany({ where: { requestId: job.requestId, source: job.source } });
    const code = err instanceof SourceError ? err.code : 'source_error';
    // Messages of SourceError are written to carry no personal data; others may (driver errors).
    const message = err instanceof SourceError ? err.message : 'Unexpected error while reading the source.';
    const retryable = !(err instanceof SourceError) || err.retryable;
    if (retryable && attempt < options.maxAttempts) {
      await prisma.fulfilmentSource.update({
        where: { id: row.id },
        data: {
          state: 'pending',
          lastError: `${code}: ${message}`,
          nextAttemptAt: new Date(Date.now() + options.retryDelaySeconds * 1000),
        },
      });
      throw new Error(`fulfilment: source ${job.source} failed (${code}), will retry`);
    }
    await fail(ctx, job, row.id, code, message);
    return;
  }
  const erasure = (answer as { erasure?: ErasureTableResult[] }).erasure;
  await prisma.$transaction(async (tx) => {
    const finishedAt = new Date();
    // Conditional on what this run left: a webhook's delivery job or a callback may have settled
    // the row already (it went `waiting` inside collect), and that outcome stands.
    const mine = { id: row.id, state: { in: ['running' as const, 'waiting' as const] } };
    if (answer.state === 'done' && 'changes' in answer) {
      // Effects and corrections: what changed, per table (counts only, no values).
      const changes = answer.changes.map((c) => ({ change: c.change, table: c.table, rows: c.rows }));
      const updated = await tx.fulfilmentSource.updateMany({
        where: mine,
        data: { state: 'done', result: { tables: {}, changes }, lastError: null, finishedAt },
      });
      if (updated.count === 0) return;
      await audit(tx, job, 'fulfilment.source_done', { changes });
    } else if (answer.state === 'done') {
      const updated = await tx.fulfilmentSource.updateMany({
        where: mine,
        data: {
          state: 'done',
          result: {
            tables: answer.tables,
            ...(erasure ? { erasure: erasure as unknown as Prisma.InputJsonArray } : {}),
          },
          lastError: null,
          finishedAt,
        },
      });
      if (updated.count === 0) return;
      const rows = Object.fromEntries(Object.entries(answer.tables).map(([t, v]) => [t, v.rows]));
      await audit(tx, job, 'fulfilment.source_done', {
        rows,
        ...(erasure ? { erasure: erasureCounts(erasure) } : {}),
      });
    } else {
      // A webhook answers later (signed callback) or a person acts (manual task): both settle later.
      const updated = await tx.fulfilmentSource.updateMany({ where: mine, data: { state: 'waiting' } });
      if (updated.count === 0) return;
      await audit(tx, job, 'fulfilment.source_waiting', {
        reason: answer.state === 'task' ? 'task' : 'callback',
        ...(answer.state === 'task' ? { taskId: answer.taskId } : {}),
      });
    }
  });
}

/** Counts per table for the audit (no values, no basis text). */
function erasureCounts(erasure: ErasureTableResult[]) {
  return Object.fromEntries(
    erasure.map((t) => [t.table, { erased: t.erased, anonymised: t.anonymised, kept: t.kept }]),
  );
}

async function fail(ctx: FulfilmentContext, job: SourceJob, id: string, code: string, message: string) {
  await ctx.prisma.$transaction(async (tx) => {
    await tx.fulfilmentSource.update({
      where: { id },
      data: {
        state: 'failed',
        lastError: `${code}: ${message}`,
        finishedAt: new Date(),
        nextAttemptAt: null,
      },
    });
    await audit(tx, job, 'fulfilment.source_failed', { code });
  });
}

function audit(
  tx: Prisma.TransactionClient,
  job: SourceJob,
  type: 'fulfilment.source_done' | 'fulfilment.source_waiting' | 'fulfilment.source_failed',
  data: Prisma.InputJsonObject,
) {
  return appendAudit(tx, {
    requestId: job.requestId,
    actor: { type: 'system' },
    type,
    data: { source: job.source, ...data },
  });
}
