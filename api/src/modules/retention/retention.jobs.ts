import type { ControllerConfig } from '@dsr/shared/controller';
import type { PrismaClient } from '../../db/types.ts';
import type { Jobs, JobsLogger } from '../../jobs/boss.ts';
import type { BlobStore } from '../fulfilment/blob-store.ts';
import { purgeEndedCounters } from '../rate-limits/counters.repository.ts';
import { purgeClosedRequests } from './closed-requests.ts';
import { purgeExpiredExports } from './expired-exports.ts';
import { expireUnverified, purgeIdempotencyKeys, purgeUnverified } from './retention.service.ts';

export const EXPIRE_QUEUE = 'requests.expire';
export const PURGE_UNVERIFIED_QUEUE = 'requests.purge-unverified';
export const PURGE_EXPORTS_QUEUE = 'exports.purge-expired';
export const PURGE_CLOSED_QUEUE = 'requests.purge-closed';
const DAILY_CLOSED = '0 3 * * *';
const HOURLY = '0 * * * *';
const DAILY = '30 3 * * *';

// A run that fails is retried by the next hourly run; no pile-up of retries meanwhile.
const POLICY = { retryLimit: 0, expireInSeconds: 15 * 60, retentionMinutes: 7 * 24 * 60 };

/** Creates the two queues, schedules them hourly (pg-boss cron, one run per schedule cluster-wide) and starts their workers. */
export async function registerRetentionJobs(
  jobs: Pick<Jobs, 'boss' | 'ensureQueue' | 'work'>,
  { prisma, blobs }: { prisma: PrismaClient; blobs: BlobStore },
  controller: Pick<ControllerConfig, 'retention'>,
  logger: JobsLogger,
): Promise<void> {
  await jobs.ensureQueue(EXPIRE_QUEUE, POLICY);
  await jobs.ensureQueue(PURGE_UNVERIFIED_QUEUE, POLICY);
  await jobs.boss.schedule(EXPIRE_QUEUE, HOURLY, {}, { tz: 'UTC' });
  await jobs.boss.schedule(PURGE_UNVERIFIED_QUEUE, HOURLY, {}, { tz: 'UTC' });
  await jobs.ensureQueue(PURGE_EXPORTS_QUEUE, POLICY);
  await jobs.boss.schedule(PURGE_EXPORTS_QUEUE, DAILY, {}, { tz: 'UTC' });
  await jobs.work(PURGE_EXPORTS_QUEUE, async (job) => {
    const purged = await purgeExpiredExports({ prisma, blobs }, new Date());
    logger.info({ jobId: job.id, purged }, 'retention: expired exports deleted');
  });
  // Before the export expiry (03:30): the files of purged requests go the same night.
  await jobs.ensureQueue(PURGE_CLOSED_QUEUE, POLICY);
  await jobs.boss.schedule(PURGE_CLOSED_QUEUE, DAILY_CLOSED, {}, { tz: 'UTC' });
  await jobs.work(PURGE_CLOSED_QUEUE, async (job) => {
    const purged = await purgeClosedRequests(prisma, controller, new Date());
    logger.info({ jobId: job.id, purged }, 'retention: closed requests past retention purged');
  });
  await jobs.work(EXPIRE_QUEUE, async (job) => {
    const expired = await expireUnverified(prisma, new Date());
    logger.info({ jobId: job.id, expired }, 'retention: unverified requests expired');
  });
  await jobs.work(PURGE_UNVERIFIED_QUEUE, async (job) => {
    const now = new Date();
    const purged = await purgeUnverified(prisma, controller, now);
    const keys = await purgeIdempotencyKeys(prisma, now);
    const counters = await purgeEndedCounters(prisma, now);
    logger.info(
      { jobId: job.id, purged, idempotencyKeys: keys, rateLimitCounters: counters },
      'retention: unverified requests purged',
    );
  });
}
