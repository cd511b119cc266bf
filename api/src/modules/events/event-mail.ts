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
