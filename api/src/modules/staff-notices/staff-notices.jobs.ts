import type { Jobs, JobsLogger } from '../../jobs/boss.ts';
import { type StaffNoticeDeps, sendDueDigest } from './send-notices.ts';
import { DUE_DIGEST_QUEUE } from './staff-notices.queues.ts';

export const DIGEST_CRON = '0 7 * * *';

/** The daily due digest: 07:00 in the controller's time zone (pg-boss cron: one run cluster-wide). */
export async function registerStaffNoticeJobs(
  jobs: Pick<Jobs, 'boss' | 'ensureQueue' | 'work'>,
  deps: StaffNoticeDeps,
  logger: JobsLogger,
): Promise<void> {
  await jobs.ensureQueue(DUE_DIGEST_QUEUE, { retryLimit: 2, retryDelay: 300, expireInSeconds: 15 * 60 });
  await jobs.boss.schedule(DUE_DIGEST_QUEUE, DIGEST_CRON, {}, { tz: deps.controller.timeZone });
  await jobs.work(DUE_DIGEST_QUEUE, async (job) => {
    const mails = await sendDueDigest(deps, new Date());
    logger.info({ jobId: job.id, mails }, 'staff notices: due digest');
  });
}
