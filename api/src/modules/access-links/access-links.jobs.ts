import type { ControllerConfig } from '@dsr/shared/controller';
import type { PrismaClient } from '../../db/types.ts';
import { enqueueInTx, type Jobs } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import { sendAccessLink } from './send-access-link.ts';

// "I lost my link" is answered in the background: the HTTP request only queues the job, so a known
// and an unknown address cost the same work and take the same time to answer (no enumeration by timing).
export const ACCESS_LINK_QUEUE = 'access-links.send';
const POLICY = { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 };

interface AccessLinkJob {
  email: string;
  reference: string;
  /** The request's time, so tokens expire relative to when the subject asked. */
  at: string;
}

export async function queueAccessLink(
  prisma: PrismaClient,
  input: { email: string; reference: string; at: Date },
) {
  const data: AccessLinkJob = { email: input.email, reference: input.reference, at: input.at.toISOString() };
  const id = await enqueueInTx(prismaTxExecutor(prisma), ACCESS_LINK_QUEUE, data);
  if (id === null)
    throw new Error(`access links: job not created (does queue "${ACCESS_LINK_QUEUE}" exist?)`);
}

export async function registerAccessLinkWorker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  ctx: { prisma: PrismaClient; controller: ControllerConfig; publicUrl: string },
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await jobs.ensureQueue(ACCESS_LINK_QUEUE, POLICY);
  await jobs.work<AccessLinkJob>(
    ACCESS_LINK_QUEUE,
    async (job) => {
      const { email, reference, at } = job.data;
      await sendAccessLink({ ...ctx, now: new Date(at) }, { email, reference });
    },
    { batchSize: 10, ...options },
  );
}
