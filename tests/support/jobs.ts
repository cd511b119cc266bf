import type { PrismaClient } from '../../api/src/db/types.ts';

// The background path of a request's side effects: access-link lookups, request events, their
// reactions, mails. Each stage queues the next before its own job completes, so "nothing left to run
// in any of them" means everything caused so far has happened.
const PIPELINE = `(name IN ('access-links.send', 'request.event', 'mail.send') OR name LIKE 'react.%')`;

/** Waits until no job of the pipeline is queued, retrying or running. */
export async function pipelineSettled(prisma: PrismaClient, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE ${PIPELINE} AND state < 'completed'`,
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error('background jobs did not settle in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
