import type { AppealAnswer } from '@dsr/shared/appeals';
import { appealDeadline, computeDueAt } from '@dsr/shared/deadline';
import { nextStatus } from '@dsr/shared/statuses';
import type { Locale } from '@dsr/shared/text';
import { AppError } from '../../errors.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import { messageIdDomain, queueMail } from '../../mail/mailer.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { appealReceiptMail } from '../notifications/staff-mails.ts';
import { transitionRequest } from '../requests/request.transition.ts';
import { queueNewRequestNotice } from '../staff-notices/staff-notices.queues.ts';
import type { SubjectContext } from '../subject/subject.context.ts';
import { issueAccessToken } from '../tokens/tokens.repository.ts';
import { createAppealRequest, findDeniedForAppeal, lockRequest } from './appeals.repository.ts';

// POST /requests/me/appeal: within 60 days of a denial, the subject opens a linked request that an
// admin other than the denier decides. One transaction: the appeal request (verified at once: the
// bearer token proves the address), its first message, the audit events on both requests, the
// `appeal` transition on the denied one (bumps its version), the receipt and the staff notice.

export async function fileAppeal(
  ctx: SubjectContext,
  requestId: string,
  input: { body: string },
): Promise<AppealAnswer> {
  return ctx.prisma.$transaction(
    async (tx) => {
      await lockRequest(tx, requestId);
      const denied = await findDeniedForAppeal(tx, requestId);
      if (!denied) throw new AppError('unauthorized', 401, 'A valid access token is required.');
      const current = { status: denied.status, version: denied.version };
      if (nextStatus(denied.status, 'appeal') === null) {
        throw new AppError('action_not_allowed', 422, 'Only a denied request can be appealed.', { current });
      }
      if (denied.appeal) {
        throw new AppError('action_not_allowed', 422, 'This decision has already been appealed.', {
          current,
          appeal: { reference: denied.appeal.reference },
        });
      }
      if (denied.appealOfId) {
        throw new AppError('action_not_allowed', 422, 'An appeal decision cannot be appealed again.', {
          current,
        });
      }
      const until = denied.closedAt ? appealDeadline(denied.closedAt, ctx.controller.timeZone) : null;
      if (!until || ctx.now.getTime() > until.getTime()) {
        throw new AppError('appeal_window_closed', 422, 'The 60-day appeal period has ended.', {
          current,
          ...(until ? { appealUntil: until.toISOString() } : {}),
        });
      }

      const dueAt = computeDueAt(ctx.now, ctx.controller.timeZone);
      const appeal = await createAppealRequest(tx, denied, { body: input.body, now: ctx.now, dueAt });
      await appendAudit(tx, {
        requestId: appeal.id,
        actor: { type: 'subject' },
        type: 'request.received',
        toStatus: 'verified',
        data: { appealOf: denied.reference, dueAt: dueAt.toISOString() },
      });
      await appendAudit(tx, {
        requestId: appeal.id,
        actor: { type: 'subject' },
        type: 'message.from_subject',
        data: { messageId: appeal.messageId },
      });
      await transitionRequest(tx, {
        requestId,
        action: 'appeal',
        actor: { type: 'subject' },
        auditType: 'request.appealed',
        auditData: { appealReference: appeal.reference },
      });
      const locale: Locale = denied.locale === 'en' ? 'en' : 'fr';
      const receipt = appealReceiptMail({
        to: denied.email,
        locale,
        reference: appeal.reference,
        appealedReference: denied.reference,
        dueAt,
        statusUrl: `${ctx.publicUrl}/status`,
        controller: ctx.controller,
      });
      await queueMail(prismaTxExecutor(tx), receipt, { messageIdDomain: messageIdDomain(ctx.publicUrl) });
      await queueNewRequestNotice(tx, appeal.id);
      const accessToken = await issueAccessToken(tx, appeal.id, ctx.now);
      return { reference: appeal.reference, status: 'verified', dueAt: dueAt.toISOString(), accessToken };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}
