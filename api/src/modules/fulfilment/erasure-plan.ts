import type { ErasurePlan } from '@dsr/shared/fulfilment';
import { AppError } from '../../errors.ts';
import { requestNotFound } from '../staff-requests/get-request-detail.ts';
import type { StaffRequestsContext } from '../staff-requests/staff-requests.context.ts';
import { erasureOf } from './fulfilment-view.ts';
import { sourcesFor } from './plan.ts';
import { SourceError } from './sources/source.ts';
import { loadSubject } from './subject-identity.ts';

// The dry run staff see before running `fulfil` on an erasure: per source and table, how many of
// the subject's rows would be erased, anonymised and kept (and until when, on which basis). A
// postgres source counts with the very conditions its erasure runs (sources/postgres-erase.ts), in a
// read-only transaction; a source already erased shows its result; webhook and manual sources say
// what will happen there. Reads only: nothing is audited or changed.

/** GET /staff/requests/:reference/fulfilment/erasure-plan */
export async function planErasure(ctx: StaffRequestsContext, reference: string): Promise<ErasurePlan> {
  const request = await ctx.prisma.request.findUnique({
    where: { reference },
    select: { id: true, type: true, status: true, version: true },
  });
  if (!request) throw requestNotFound();
  if (request.type !== 'erasure') {
    throw new AppError('fulfilment_not_applicable', 422, 'Only an erasure request has an erasure plan.');
  }
  const loaded = await loadSubject(ctx.prisma, request.id);
  if (!loaded) throw requestNotFound();
  const rows = await ctx.prisma.fulfilmentSource.findMany({
    where: { requestId: request.id },
    select: { source: true, state: true, result: true },
  });
  const byName = new Map(rows.map((r) => [r.source, r]));
  const now = ctx.now;
  const out: ErasurePlan['sources'] = [];
  for (const source of sourcesFor(ctx.sources, 'erasure')) {
    const { name, kind } = source.config;
    const row = byName.get(name);
    const done = row?.state === 'done' ? erasureOf(row.result) : null;
    if (done) {
      out.push({ name, kind, what: 'done', tables: done, error: null });
    } else if (source.planErasure) {
      try {
        const tables = await source.planErasure(loaded.subject, {
          now,
          signal: AbortSignal.timeout(60_000),
        });
        out.push({ name, kind, what: 'rows', tables, error: null });
      } catch (error) {
        const code = error instanceof SourceError ? error.code : 'source_error';
        out.push({ name, kind, what: 'failed', tables: [], error: code });
      }
    } else {
      out.push({ name, kind, what: kind === 'manual' ? 'task' : 'delivery', tables: [], error: null });
    }
  }
  return { sources: out };
}
