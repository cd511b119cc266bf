import { Prisma } from '../../db/types.ts';
import { enqueueInTx } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import type { FulfilmentContext } from './fulfilment.context.ts';
import { buildsPackage } from './plan.ts';
import { PACKAGE_BUILD_QUEUE } from './queues.ts';

// Runs whenever a source of a request settles (done, failed, task closed, webhook callback): once
// every source is done and no task is open, the package is built (access, portability). Types
// without a package need nothing here: `complete` checks their sources itself.

export async function settleRequest(ctx: FulfilmentContext, requestId: string): Promise<'build' | 'wait'> {
  return ctx.prisma.$transaction(async (tx) => {
    // Two sources settling at once take turns here, so the package is asked for once.
    const [request] = await tx.$queryRaw<Array<{ type: string }>>(
      Prisma.sql`SELECT type::text AS type FROM requests WHERE id = ${requestId}::uuid FOR UPDATE`,
    );
    if (!request || !buildsPackage(request.type as never)) return 'wait';
    const [notDone, openTasks, pkg] = await Promise.all([
      tx.fulfilmentSource.count({ where: { requestId, state: { not: 'done' } } }),
      tx.task.count({ where: { requestId, status: 'open' } }),
      tx.package.findUnique({ where: { requestId }, select: { state: true } }),
    ]);
    if (notDone > 0 || openTasks > 0 || pkg?.state !== 'building') return 'wait';
    await enqueueInTx(prismaTxExecutor(tx), PACKAGE_BUILD_QUEUE, { requestId }, { singletonKey: requestId });
    return 'build';
  });
}
