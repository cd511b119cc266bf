import { appealDeadline } from '@dsr/shared/deadline';
import type { Locale } from '@dsr/shared/text';
import type { Tx } from '../../../db/types.ts';
import type { RenderedMail } from '../../../mail/mail.types.ts';
import type { AuditType } from '../../audit/audit.types.ts';
import {
  appealReceiptMail,
  completionMail,
  denialMail,
  extensionMail,
  requestInfoMail,
  staffMessageMail,
} from '../../notifications/staff-mails.ts';
import {
  accessLinkMail,
  cancellationMail,
  receiptMail,
  verificationMail,
} from '../../notifications/subject-mails.ts';
import { verificationMailAllowed } from '../../rate-limits/mailbox-cap.ts';
import { issueLinkToken, linkUrl } from '../../tokens/tokens.repository.ts';
import { isAutoAcknowledged } from '../../verification/verification.service.ts';
import { queueEventMails } from '../event-mail.ts';
import { findMailRequest, findStaffMessageBody, type MailRequest } from '../events.repository.ts';
import { defineReaction, type ReactionContext, type RequestEvent } from '../reaction.ts';

// The mails the subject receives, one per event, rendered when the reaction runs: from the request
// as it is now (its locale, texts the staff wrote, dates) and the per-locale builders in
// notifications/. Link tokens are issued here, in the transaction that queues their mail.

const MAILED: ReadonlySet<AuditType> = new Set<AuditType>([
  'request.received',
  'request.verified',
  'request.cancelled',
  'message.from_staff',
  'request.extended',
  'request.completed',
  'request.denied',
  'access_link.sent',
]);

export const subjectMailsReaction = defineReaction({
  name: 'subject-mails',
  on: (type) => MAILED.has(type),
  async handle(ctx, event) {
    await queueEventMails(ctx, event, async (tx) => {
      const request = await findMailRequest(tx, event.requestId);
      // A request whose personal data retention removed has no address left to write to.
      if (!request?.email || request.personalDataPurgedAt) return [];
      const mail = await render(tx, ctx, event, request);
      return mail ? [{ key: 'subject', mail }] : [];
    });
  },
});

async function render(
  tx: Tx,
  ctx: ReactionContext,
  event: RequestEvent,
  request: MailRequest,
): Promise<RenderedMail | null> {
  const base = {
    to: request.email,
    locale: (request.locale === 'en' ? 'en' : 'fr') as Locale,
    reference: request.reference,
    statusUrl: `${ctx.publicUrl}/status`,
    controller: ctx.controller,
  };
  const dueAt = request.dueAt;
  switch (event.type) {
    case 'request.received':
      if (request.appealOf && dueAt) {
        return appealReceiptMail({ ...base, appealedReference: request.appealOf.reference, dueAt });
      }
      if (event.toStatus !== 'pending_verification') return null;
      if (!(await verificationMailAllowed(tx, request.email, event.at))) {
        ctx.logger.warn(
          { requestId: request.id, eventId: event.id },
          'verification mail not sent: this mailbox had its share for today (modules/rate-limits)',
        );
        return null;
      }
      // The token's 24 hours count from the filing, as if it had been issued in that transaction.
      return verificationMail({
        ...base,
        type: request.type,
        link: linkUrl(ctx.publicUrl, await issueLinkToken(tx, request.id, event.at, { revokeOlder: false })),
      });
    case 'access_link.sent':
      if (request.status === 'expired') return null;
      return accessLinkMail({
        ...base,
        link: linkUrl(ctx.publicUrl, await issueLinkToken(tx, request.id, event.at)),
      });
    case 'request.verified':
      if (!dueAt) return null;
      return receiptMail({
        ...base,
        type: request.type,
        dueAt,
        acknowledged: isAutoAcknowledged(request.type, request.details),
      });
    case 'request.cancelled':
      return cancellationMail(base);
    case 'message.from_staff': {
      const messageId = event.data.messageId;
      const body =
        typeof messageId === 'string' ? await findStaffMessageBody(tx, request.id, messageId) : null;
      if (body === null) return null;
      return event.data.requestsInformation === true
        ? requestInfoMail({ ...base, body })
        : staffMessageMail({ ...base, body });
    }
    case 'request.extended':
      if (!request.extendedDueAt || !request.extensionMonths) return null;
      return extensionMail({
        ...base,
        months: request.extensionMonths,
        reason: request.extensionReason ?? '',
        dueAt: request.extendedDueAt,
      });
    case 'request.completed': {
      // The package released by `complete`: a download for the subject, or a transfer link.
      const released = await tx.download.findFirst({
        where: { requestId: request.id },
        orderBy: { createdAt: 'desc' },
        select: { transferredTo: true },
      });
      const download = released ? (released.transferredTo ? 'transferred' : 'ready') : null;
      return completionMail({ ...base, outcome: request.outcome ?? '', download });
    }
    case 'request.denied':
      if (!request.denialReasonCode) return null;
      return denialMail({
        ...base,
        reasonCode: request.denialReasonCode,
        explanation: request.denialExplanation ?? '',
        appealUntil:
          request.appealOfId || !request.closedAt
            ? null
            : appealDeadline(request.closedAt, ctx.controller.timeZone),
      });
    default:
      return null;
  }
}
