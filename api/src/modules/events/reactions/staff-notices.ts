import { isOpenStatus } from '@dsr/shared/statuses';
import { newRequestNoticeMail } from '../../notifications/staff-mails.ts';
import { staffLocale } from '../../staff-notices/send-notices.ts';
import { findNoticeRequest, listNoticeRecipients } from '../../staff-notices/staff-notices.repository.ts';
import { queueEventMails } from '../event-mail.ts';
import { defineReaction } from '../reaction.ts';

// A request reached staff (verified by the subject, or an appeal, verified when filed): every active
// admin and agent is told, one mail each (reference, type, due date; no subject data).
export const staffNoticesReaction = defineReaction({
  name: 'staff-notices',
  // Filed requests are received `pending_verification` and get no notice until verified: only a
  // status of `verified` (or an unknown one, from an older job) queues this reaction.
  on: (type, toStatus) =>
    (type === 'request.verified' || type === 'request.received') &&
    (toStatus === undefined || toStatus === 'verified'),
  async handle(ctx, event) {
    if (event.toStatus !== 'verified') return; // a filed request reaches staff once verified
    await queueEventMails(ctx, event, async (tx) => {
      const request = await findNoticeRequest(tx, event.requestId);
      const due = request ? (request.extendedDueAt ?? request.dueAt) : null;
      if (!request || !due || !isOpenStatus(request.status)) return [];
      const url = `${ctx.publicUrl}/staff/requests/${encodeURIComponent(request.reference)}`;
      const recipients = await listNoticeRecipients(tx);
      return recipients.map(({ id, email, locale }) => ({
        key: id,
        mail: newRequestNoticeMail({
          to: email,
          locale: staffLocale(locale),
          reference: request.reference,
          type: request.type,
          dueAt: due,
          isAppeal: request.appealOfId !== null,
          url,
          controller: ctx.controller,
        }),
      }));
    });
  },
});
