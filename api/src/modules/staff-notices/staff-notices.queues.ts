import type { Tx } from '../../db/types.ts';
import { enqueueInTx } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';

export const NEW_REQUEST_NOTICE_QUEUE = 'staff.new-request-notice';
export const DUE_DIGEST_QUEUE = 'staff.due-digest';

export interface NewRequestNoticeJob {
  requestId: string;
}

/** In the verifying transaction: staff hear of the request iff its verification commits. */
export async function queueNewRequestNotice(tx: Tx, requestId: string): Promise<void> {
  await enqueueInTx(prismaTxExecutor(tx), NEW_REQUEST_NOTICE_QUEUE, {
    requestId,
  } satisfies NewRequestNoticeJob);
}
