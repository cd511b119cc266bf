import { JOBS_SCHEMA, type Jobs, type QueuePolicy, safeError } from '../jobs/boss.ts';
import { mailsFailed, mailsSent } from '../metrics.ts';
import { MAIL_QUEUE, type MailJob } from './mail.types.ts';
import type { MailTransport } from './transport.ts';

// An SMTP outage delays mail and loses none: a failed send is retried every minute for as long as
// the job is kept (30 days = 43,200 tries). A fixed delay rather than pg-boss's exponential backoff
// (uncapped in pg-boss 10: hours between late tries) bounds the wait after SMTP comes back; the same
// delay follows the expiry of a job cut off by a database outage.
// A send must end within `expireInSeconds`, or pg-boss fails the job while it may still be in
// flight and a retry could deliver it twice.
const RETENTION_MINUTES = 30 * 24 * 60;
const RETRY_DELAY_SECONDS = 60;
export const MAIL_QUEUE_POLICY = {
  retryLimit: (RETENTION_MINUTES * 60) / RETRY_DELAY_SECONDS,
  retryDelay: RETRY_DELAY_SECONDS,
  retryBackoff: false,
  expireInSeconds: 60,
  retentionMinutes: RETENTION_MINUTES,
} satisfies QueuePolicy;

export interface MailWorkerOptions {
  logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** Overrides of MAIL_QUEUE_POLICY (tests shorten the retry delay). */
  policy?: QueuePolicy;
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

/** Creates the `mail.send` queue and starts its worker; returns the worker id. */
export async function registerMailWorker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work' | 'boss'>,
  transport: MailTransport,
  options: MailWorkerOptions,
): Promise<string> {
  const { logger } = options;
  const policy = { ...MAIL_QUEUE_POLICY, ...options.policy };
  // Give up on a send (pending in the SMTP pool, or stalled) before the job itself expires.
  const sendBudgetMs = Math.max(1, policy.expireInSeconds - 10) * 1000;
  await jobs.ensureQueue(MAIL_QUEUE, policy);
  return jobs.work<MailJob>(
    MAIL_QUEUE,
    async (job) => {
      if (isScrubbed(job.data)) return; // sent before; only the completion was lost
      const mail = parseMailJob(job.data);
      const messageId = mail.messageId;
      try {
        await transport.send(mail, AbortSignal.timeout(sendBudgetMs));
      } catch (err) {
        mailsFailed.inc();
        logger.warn({ jobId: job.id, messageId, err: safeError(err) }, 'mail: send failed, will retry');
        throw err;
      }
      mailsSent.inc();
      // The body holds the recipient, names and link tokens: once sent, keep only the Message-ID,
      // so neither the job table nor its archive holds a usable token (only hashes are stored).
      await jobs.boss
        .getDb()
        .executeSql(
          `UPDATE ${JOBS_SCHEMA}.job SET data = jsonb_build_object('messageId', $2::text, 'sent', true) WHERE name = $3 AND id = $1`,
          [job.id, messageId, MAIL_QUEUE],
        );
      logger.info({ jobId: job.id, messageId }, 'mail: sent');
    },
    { batchSize: options.batchSize ?? 20, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
  );
}

function isScrubbed(data: unknown): boolean {
  return (data as { sent?: unknown } | null)?.sent === true;
}

function parseMailJob(data: unknown): MailJob {
  const d = data as Partial<Record<keyof MailJob, unknown>> | null;
  const fields = ['to', 'subject', 'text', 'html', 'messageId'] as const;
  if (!d || fields.some((f) => typeof d[f] !== 'string')) {
    throw Object.assign(new Error('mail: malformed job payload'), { code: 'EMAILPAYLOAD' });
  }
  return d as MailJob;
}
