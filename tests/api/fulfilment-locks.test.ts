// Counting matches and `fulfil` at the same moment, on a request whose sources have no row yet: the
// staff action holds the request locked and writes each source's row; the count job writes the
// same rows. The count used to insert its row first and then wait (foreign key) for the locked
// request, while `fulfil` waited for that uncommitted row: PostgreSQL broke the deadlock by failing
// one of them, and a staff member's `fulfil` answered 500 (seen once in a full suite run). Both now
// take the request's lock first, so they take turns and both succeed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { matchRequest } from '../../api/src/modules/fulfilment/match.ts';
import { requestFulfilment } from '../../api/src/modules/fulfilment/request-fulfilment.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';
import { fileAndVerify } from './staff-requests.fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

/** Waits until another backend of this database waits for a lock. */
async function someoneWaitsForALock(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await t.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if ((row?.n ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error('nobody waited for the request lock');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a match count and fulfil on a request without source rows take turns; both succeed', async () => {
  const { reference } = await fileAndVerify(t, { type: 'access' });
  await pipelineSettled(t.prisma);
  const request = await t.prisma.request.findUniqueOrThrow({
    where: { reference },
    select: { id: true, type: true },
  });
  expect(await t.prisma.fulfilmentSource.count({ where: { requestId: request.id } })).toBe(0);
  const deps = t.app.deps;
  const ctx = {
    prisma: t.prisma,
    blobs: deps.blobs,
    controller: deps.controller,
    sources: deps.sources!,
    publicUrl: deps.config.publicUrl,
  };

  let counting: Promise<void> | undefined;
  const fulfilled = await t.prisma.$transaction(
    async (tx) => {
      // As the staff action does: the request first.
      await tx.$queryRaw`SELECT 1 FROM requests WHERE id = ${request.id}::uuid FOR UPDATE`;
      counting = matchRequest(ctx, request.id, { type: 'system' });
      counting.catch(() => {}); // awaited below; a rejection meanwhile is not unhandled
      await someoneWaitsForALock();
      return requestFulfilment(tx, ctx.sources, request);
    },
    { timeout: 20_000 },
  );
  await counting;

  expect(fulfilled.sources.length).toBeGreaterThan(0);
  const rows = await t.prisma.fulfilmentSource.findMany({
    where: { requestId: request.id },
    select: { source: true, state: true, matchedAt: true },
  });
  expect(rows.map((r) => r.source).sort()).toEqual([...fulfilled.sources].sort());
  // fulfil's rows are pending, and each carries the count written after it.
  expect(rows.every((r) => r.state === 'pending' && r.matchedAt !== null)).toBe(true);
  const matched = await t.prisma.auditEvent.count({
    where: { requestId: request.id, type: 'fulfilment.matched' },
  });
  expect(matched).toBe(1);
});
