import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { type EnqueueOptions, enqueueInTx, JOBS_SCHEMA, type Jobs, type SqlExecutor } from '../jobs/boss.ts';
import { MAIL_QUEUE, type MailJob, type RenderedMail } from './mail.types.ts';

/** Right-hand side of Message-IDs: the host of PUBLIC_URL. */
export const messageIdDomain = (publicUrl: string): string => new URL(publicUrl).hostname;

export interface QueueMailOptions {
  /** Right-hand side of the Message-ID; use the host of PUBLIC_URL. */
  messageIdDomain?: string;
  startAfter?: EnqueueOptions['startAfter'];
  /** A job id fixed by the caller (a reaction's mail): queueing it twice fails instead of mailing twice. */
  jobId?: string;
}

export interface QueuedMail {
  jobId: string;
  messageId: string;
}

/**
 * Queues a mail for the `mail.send` worker. Pass the transaction's executor (see
 * `prismaTxExecutor`) so the mail is sent iff the transaction commits; pass `Jobs` (or a started
 * PgBoss) outside a transaction. The job id doubles as the Message-ID's unique part.
 */
export async function queueMail(
  target: SqlExecutor | Pick<Jobs, 'enqueue'> | PgBoss,
  mail: RenderedMail,
  options: QueueMailOptions = {},
): Promise<QueuedMail> {
  const jobId = options.jobId ?? randomUUID();
  const messageId = `<${jobId}@${options.messageIdDomain ?? 'dsr-portal.localhost'}>`;
  const data: MailJob = { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId };
  // A fresh id cannot collide, so a null answer means the queue is missing (or, for a fixed id, the
  // mail was queued before): never drop silently.
  const sendOptions: EnqueueOptions = { id: jobId, startAfter: options.startAfter };
  const created =
    typeof target === 'function'
      ? await enqueueInTx(target, MAIL_QUEUE, data, sendOptions)
      : 'enqueue' in target
        ? await target.enqueue(MAIL_QUEUE, data, sendOptions)
        : await target.send(MAIL_QUEUE, data, sendOptions);
  if (created === null) throw new Error(`mail: job not created (does queue "${MAIL_QUEUE}" exist?)`);
  return { jobId, messageId };
}

/** Whether a mail job with this id was queued (still in the job table, or archived after it ran). */
export async function mailJobExists(executor: SqlExecutor, jobId: string): Promise<boolean> {
  const { rows } = await executor(
    `SELECT 1 FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND id = $2::uuid
     UNION ALL SELECT 1 FROM ${JOBS_SCHEMA}.archive WHERE name = $1 AND id = $2::uuid LIMIT 1`,
    [MAIL_QUEUE, jobId],
  );
  return rows.length > 0;
}
