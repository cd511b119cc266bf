import type { Locale } from '@dsr/shared/text';
import { asLocale } from '@dsr/shared/text';
import { enqueueInTx } from '../../../jobs/boss.ts';
import { prismaTxExecutor } from '../../../jobs/prisma-executor.ts';
import { appendAudit } from '../../audit/audit.repository.ts';
import {
  ART19_DELIVERY_QUEUE,
  ART19_TYPES,
  type Art19Job,
  affectedCategories,
  art19Mail,
  recipientsToNotify,
} from '../../fulfilment/art19.ts';
import { queueEventMails } from '../event-mail.ts';
import { derivedId } from '../events.queues.ts';
import { defineReaction } from '../reaction.ts';

// Art. 19: on the completion of a rectification, erasure or restriction (whoever's code completed
// it), each recipient of the controller file whose categories overlap what changed is told: one
// recipient_notices row each, with its mail queued here (e-mail) or its signed webhook job (a
// recipient with `url`). All in one transaction: a retried reaction finding notices for the request
// does nothing, so no recipient is told twice.

export const art19NoticesReaction = defineReaction({
  name: 'art19-notices',
  on: (type) => type === 'request.completed',
  async handle(ctx, event) {
    await queueEventMails(ctx, event, async (tx) => {
      const request = await tx.request.findUnique({
        where: { id: event.requestId },
        select: { type: true, reference: true, email: true, locale: true, personalDataPurgedAt: true },
      });
      if (!request || !(ART19_TYPES as readonly string[]).includes(request.type)) return [];
      if (!request.email || request.personalDataPurgedAt) return [];
      if ((await tx.recipientNotice.count({ where: { requestId: event.requestId } })) > 0) return [];
      const targets = recipientsToNotify(
        ctx.controller.recipients,
        await affectedCategories(tx, event.requestId),
      );
      const locale: Locale = asLocale(request.locale);
      const mails = [];
      for (const { recipient, categories } of targets) {
        const channel = recipient.url ? 'webhook' : 'email';
        const notice = await tx.recipientNotice.create({
          data: {
            requestId: event.requestId,
            recipient: recipient.name,
            channel,
            categories,
            // A mail is handed to the mail queue here (it retries on its own): that is when it was sent.
            ...(channel === 'email' ? { state: 'sent', sentAt: event.at, attempts: 1 } : {}),
          },
          select: { id: true },
        });
        await appendAudit(tx, {
          requestId: event.requestId,
          actor: { type: 'system' },
          type: channel === 'email' ? 'recipient.notified' : 'recipient.notice_queued',
          data: { noticeId: notice.id, recipient: recipient.name, channel },
        });
        if (channel === 'webhook') {
          await enqueueInTx<Art19Job>(
            prismaTxExecutor(tx),
            ART19_DELIVERY_QUEUE,
            { noticeId: notice.id },
            { id: derivedId(event.id, event.reaction, notice.id) },
          );
          continue;
        }
        mails.push({
          key: `recipient:${recipient.name}`,
          mail: art19Mail({
            to: recipient.email,
            recipientName: recipient.name,
            locale,
            reference: request.reference,
            type: request.type as (typeof ART19_TYPES)[number],
            subjectEmail: request.email,
            categories,
            controller: ctx.controller,
          }),
        });
      }
      return mails;
    });
  },
});
