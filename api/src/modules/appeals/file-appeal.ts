import type { AppealAnswer } from '@dsr/shared/appeals';
import { appealDeadline, computeDueAt } from '@dsr/shared/deadline';
import { nextStatus } from '@dsr/shared/statuses';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { lockRequest } from '../requests/request.lock.ts';
import { transitionRequest } from '../requests/request.transition.ts';
import type { SubjectContext } from '../subject/subject.context.ts';
import { issueAccessToken } from '../tokens/tokens.repository.ts';
import { createAppealRequest, findDeniedForAppeal } from './appeals.repository.ts';

// POST /requests/me/appeal: within 60 days of a denial, the subject opens a linked request that an
// admin other than the denier decides. One transaction: the appeal request (verified at once: the
// bearer token proves the address), its first message, the audit events on both requests, the
// `appeal` transition on the denied one (bumps its version). The receipt and the staff notice are
// reactions to the appeal's `request.received`.

export async function fileAppeal(
  ctx: SubjectContext,
  requestId: string,
  input: { body: string },
): Promise<AppealAnswer> {
  return ctx.prisma.$transaction(
    async (tx) => {
      // The second of two simultaneous appeals waits here and then sees the first.
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
      const accessToken = await issueAccessToken(tx, appeal.id, ctx.now);
      return { reference: appeal.reference, status: 'verified', dueAt: dueAt.toISOString(), accessToken };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}
