import type { Tx } from '../../db/types.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { mailJobExists, messageIdDomain, queueMail } from '../../mail/mailer.ts';
import { derivedId } from './events.queues.ts';
import type { ReactionContext, RequestEvent } from './reaction.ts';

export interface KeyedMail {
  /** Tells apart the mails of one reaction for one event (e.g. the recipient's id). */
  key: string;
  mail: RenderedMail;
}

/**
 * Expiry of a reaction that only renders and queues mail in one transaction (seconds; the receipt
 * also waits up to RECEIPT_WAIT_MS for the run at verification): a run cut off by a database outage
 * is retried that much sooner than the reaction default.
 */
export const MAIL_REACTION_EXPIRE_SECONDS = 30;

class AlreadyQueued extends Error {}

/**
 * Renders and queues a reaction's mails in one transaction, each with a job id derived from
 * (event, reaction, key). `render` may write (a link token): if any of the mails was queued by an
 * earlier run, the whole transaction rolls back, so a retried reaction issues no second token and
 * sends no second mail. Returns the number of mails queued.
 */
export async function queueEventMails(
  ctx: ReactionContext,
  event: RequestEvent,
  render: (tx: Tx) => Promise<KeyedMail[]>,
): Promise<number> {
  const domain = messageIdDomain(ctx.publicUrl);
  try {
    const queued = await ctx.prisma.$transaction(async (tx) => {
      const mails = await render(tx);
      const executor = prismaTxExecutor(tx);
      for (const { key, mail } of mails) {
        const jobId = derivedId(event.id, event.reaction, key);
        if (await mailJobExists(executor, jobId)) throw new AlreadyQueued();
        await queueMail(executor, mail, { jobId, messageIdDomain: domain });
      }
      return mails.length;
    });
    if (queued > 0) ctx.mailQueued();
    return queued;
  } catch (err) {
    if (err instanceof AlreadyQueued) return 0;
    throw err;
  }
}
