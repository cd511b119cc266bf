import type { Jobs, JobsLogger } from '../../jobs/boss.ts';
import { type StaffNoticeDeps, sendDueDigest, sendNewRequestNotice } from './send-notices.ts';
import {
  DUE_DIGEST_QUEUE,
  NEW_REQUEST_NOTICE_QUEUE,
  type NewRequestNoticeJob,
} from './staff-notices.queues.ts';

export const DIGEST_CRON = '0 7 * * *';

/**
 * New-request notices (queued by the verification transaction) and the daily due digest (07:00 in
 * the controller's time zone, pg-boss cron: one run per schedule cluster-wide).
 */
export async function registerStaffNoticeJobs(
  jobs: Pick<Jobs, 'boss' | 'ensureQueue' | 'work'>,
  deps: StaffNoticeDeps,
  logger: JobsLogger,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await jobs.ensureQueue(NEW_REQUEST_NOTICE_QUEUE, {
    retryLimit: 5,
    retryDelay: 30,
    retentionMinutes: 7 * 24 * 60,
  });
  await jobs.ensureQueue(DUE_DIGEST_QUEUE, { retryLimit: 2, retryDelay: 300, expireInSeconds: 15 * 60 });
  await jobs.boss.schedule(DUE_DIGEST_QUEUE, DIGEST_CRON, {}, { tz: deps.controller.timeZone });
  await jobs.work<NewRequestNoticeJob>(
    NEW_REQUEST_NOTICE_QUEUE,
    async (job) => {
      const mails = await sendNewRequestNotice(deps, job.data.requestId);
      logger.info({ jobId: job.id, mails }, 'staff notices: new request');
    },
    options,
  );
  await jobs.work(DUE_DIGEST_QUEUE, async (job) => {
    const mails = await sendDueDigest(deps, new Date());
    logger.info({ jobId: job.id, mails }, 'staff notices: due digest');
  });
}
