import type { Locale } from '@dsr/shared/text';
import { asLocale } from '@dsr/shared/text';
import { newToken } from '../../../lib/tokens.ts';
import { transferMail } from '../../fulfilment/transfer-mail.ts';
import { queueEventMails } from '../event-mail.ts';
import { defineReaction } from '../reaction.ts';

// Portability with `transferTo`: once `complete` released the package as a transfer, the named
// recipient is mailed a link. Its token is issued here, in the transaction that queues the mail, so
// a retried reaction neither mails twice nor leaves a second working link.

export const transferMailReaction = defineReaction({
  name: 'transfer-mail',
  on: (type) => type === 'fulfilment.transferred',
  async handle(ctx, event) {
    const downloadId = event.data.downloadId;
    if (typeof downloadId !== 'string') return;
    await queueEventMails(ctx, event, async (tx) => {
      const download = await tx.download.findFirst({
        where: { id: downloadId, requestId: event.requestId },
        select: {
          transferredTo: true,
          expiresAt: true,
          request: { select: { reference: true, locale: true, details: true, personalDataPurgedAt: true } },
        },
      });
      if (!download?.transferredTo || download.request.personalDataPurgedAt) return [];
      const { token, hash } = newToken();
      await tx.download.update({ where: { id: downloadId }, data: { transferTokenHash: hash } });
      const target = (download.request.details as { transferTo?: { name?: unknown } } | null)?.transferTo;
      const locale: Locale = asLocale(download.request.locale);
      const mail = transferMail({
        to: download.transferredTo,
        recipientName: typeof target?.name === 'string' ? target.name : '',
        locale,
        reference: download.request.reference,
        link: `${ctx.publicUrl}/api/v1/transfers/${token}`,
        expiresAt: download.expiresAt,
        controller: ctx.controller,
      });
      return [{ key: 'recipient', mail }];
    });
  },
});
