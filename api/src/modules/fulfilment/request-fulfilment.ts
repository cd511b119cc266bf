import type { RequestType } from '@dsr/shared/request-types';
import { Prisma, type Tx } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import type { SourceRegistry } from './fulfilment.context.ts';
import { buildsPackage, hasFulfilment, sourcesFor } from './plan.ts';

// The `fulfil` action's writes, inside the action's transaction: one fulfilment_sources row per source
// (new, or reset for a second run) and the package marked for a (re)build. The run jobs are queued by
// the fulfilment reaction to the action's `fulfilment.requested` event (modules/events).

export async function requestFulfilment(
  tx: Tx,
  sources: SourceRegistry,
  request: { id: string; type: RequestType },
): Promise<{ sources: string[] }> {
  if (!hasFulfilment(request.type)) {
    throw new AppError('fulfilment_not_applicable', 422, 'This type of request is answered by staff alone.');
  }
  const busy = await tx.fulfilmentSource.count({
    // A pending row is safe to reset (its job is deduplicated); a running one is mid-read.
    where: { requestId: request.id, state: 'running' },
  });
  if (busy > 0) {
    throw new AppError('fulfilment_running', 422, 'Fulfilment is already running for this request.');
  }
  const plan = sourcesFor(sources, request.type);
  const names = plan.map((s) => s.config.name);
  // Sources the map no longer lists: their rows and records would block or pollute the new run.
  const known = sources.list.map((s) => s.config.name);
  await tx.fulfilmentSource.deleteMany({ where: { requestId: request.id, source: { notIn: known } } });
  await tx.fulfilmentRecord.deleteMany({ where: { requestId: request.id, source: { notIn: known } } });
  const reset = {
    state: 'pending' as const,
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    result: Prisma.DbNull,
    startedAt: null,
    finishedAt: null,
  };
  // Erasure is done once per source: a second `fulfil` (after a source failed) runs only what is not
  // done, so nothing is erased, delivered or asked for twice.
  const finished =
    request.type === 'erasure'
      ? new Set(
          (
            await tx.fulfilmentSource.findMany({
              where: { requestId: request.id, state: 'done' },
              select: { source: true },
            })
          ).map((r) => r.source),
        )
      : new Set<string>();
  for (const source of plan) {
    if (finished.has(source.config.name)) continue;
    await tx.fulfilmentSource.upsert({
      where: { requestId_source: { requestId: request.id, source: source.config.name } },
      create: { requestId: request.id, source: source.config.name, kind: source.config.kind },
      update: { ...reset, kind: source.config.kind },
      select: { id: true },
    });
  }
  if (buildsPackage(request.type)) await markPackageForBuild(tx, request.id);
  return { sources: names.filter((name) => !finished.has(name)) };
}

/** A new generation of the package is wanted: a build still running for an older one is dropped. */
export async function markPackageForBuild(tx: Tx, requestId: string): Promise<number> {
  const row = await tx.package.upsert({
    where: { requestId },
    create: { requestId, state: 'building', generation: 1 },
    update: { state: 'building', generation: { increment: 1 }, lastError: null },
    select: { generation: true },
  });
  return row.generation;
}
