import type { PrismaClient } from '../../db/types.ts';
import { enqueueInTx, type Jobs } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import { hashToken } from '../../lib/tokens.ts';
import { sendAccessLink } from './send-access-link.ts';

// "I lost my link" is answered in the background: the HTTP request only queues the job, so a known
// and an unknown address cost the same work and take the same time to answer (no enumeration by timing).
// The job carries the address's SHA-256 only (compared with the stored address's); the mail itself is
// the reaction to the `access_link.sent` event, which reads the address from the request.
export const ACCESS_LINK_QUEUE = 'access-links.send';
const POLICY = { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 };

interface AccessLinkJob {
  emailDigest: string;
  reference: string;
  /** The request's time, so tokens expire relative to when the subject asked. */
  at: string;
}

export async function queueAccessLink(
  prisma: PrismaClient,
  input: { email: string; reference: string; at: Date },
) {
  const data: AccessLinkJob = {
    emailDigest: hashToken(input.email),
    reference: input.reference,
    at: input.at.toISOString(),
  };
  const id = await enqueueInTx(prismaTxExecutor(prisma), ACCESS_LINK_QUEUE, data);
  if (id === null)
    throw new Error(`access links: job not created (does queue "${ACCESS_LINK_QUEUE}" exist?)`);
}

export async function registerAccessLinkWorker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  ctx: { prisma: PrismaClient },
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await jobs.ensureQueue(ACCESS_LINK_QUEUE, POLICY);
  await jobs.work<AccessLinkJob>(
    ACCESS_LINK_QUEUE,
    async (job) => {
      const { emailDigest, reference, at } = job.data;
      await sendAccessLink({ ...ctx, now: new Date(at) }, { emailDigest, reference });
    },
    { batchSize: 10, ...options },
  );
}
