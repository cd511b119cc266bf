import type { Prisma } from '../../db/types.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { lockRequest } from '../requests/request.lock.ts';
import type { FulfilmentContext } from './fulfilment.context.ts';
import { hasFulfilment } from './plan.ts';
import { SourceError } from './sources/source.ts';
import { loadSubject } from './subject-identity.ts';

// Identity matching: how many records each source holds for the subject (verified e-mail + linked
// identifiers), so staff see look-alikes or nothing-found before running `fulfil`. Only counts and
// keys are stored; a source that cannot answer keeps its count unknown (null) with the error code.

export async function matchRequest(
  ctx: FulfilmentContext,
  requestId: string,
  actor: { type: 'staff'; id: string } | { type: 'system' },
): Promise<void> {
  const loaded = await loadSubject(ctx.prisma, requestId);
  if (!loaded || !hasFulfilment(loaded.request.type)) return;
  const counts: Record<string, number | null> = {};
  const rows: Array<{ name: string; kind: string; data: Prisma.FulfilmentSourceUncheckedUpdateInput }> = [];
  const signal = AbortSignal.timeout(60_000);
  // The sources are asked outside any transaction (they may be slow); the counts are then written
  // in one, which takes the request's lock first, as `fulfil` does. Writing a source's first row
  // without it deadlocked with a `fulfil` at the same moment: the insert waited (foreign key) for
  // the request that `fulfil` held locked, while `fulfil` waited for that uncommitted row.
  for (const source of ctx.sources.list.filter((s) => s.handles(loaded.request.type))) {
    const name = source.config.name;
    let data: Prisma.FulfilmentSourceUncheckedUpdateInput;
    try {
      const answer = await source.match(loaded.subject, { now: new Date(), signal });
      counts[name] = answer.count;
      data = { matchCount: answer.count, matches: answer.matches.slice(0, 50), matchedAt: new Date() };
    } catch (err) {
      counts[name] = null;
      const code = err instanceof SourceError ? err.code : 'source_error';
      data = {
        matchCount: null,
        matchedAt: new Date(),
        lastError: `${code}: ${err instanceof SourceError ? err.message : 'Matching failed.'}`,
      };
    }
    rows.push({ name, kind: source.config.kind, data });
  }
  await ctx.prisma.$transaction(async (tx) => {
    await lockRequest(tx, requestId);
    for (const { name, kind, data } of rows) {
      await tx.fulfilmentSource.upsert({
        where: { requestId_source: { requestId, source: name } },
        create: { requestId, source: name, kind, ...(data as object) },
        update: data,
        select: { id: true },
      });
    }
    await appendAudit(tx, { requestId, actor, type: 'fulfilment.matched', data: { counts } });
  });
}
