import { isTerminalStatus } from '@dsr/shared/statuses';
import type { SubjectView } from '@dsr/shared/subject-view';
import { transitionRequest } from '../requests/request.transition.ts';
import { getSubjectView } from './get-subject-view.ts';
import type { SubjectContext } from './subject.context.ts';
import { requestClosed } from './subject.errors.ts';
import { findRequestContact } from './subject.repository.ts';

/**
 * The subject withdraws their request: status and audit event (whose reaction mails the
 * confirmation) commit together.
 * The reason is the subject's own words, so it lives on the request (retention removes it), not in
 * the audit trail.
 */
export async function cancelRequest(
  ctx: SubjectContext,
  requestId: string,
  input: { reason?: string | undefined },
): Promise<SubjectView> {
  await ctx.prisma.$transaction(async (tx) => {
    const request = await findRequestContact(tx, requestId);
    if (!request || isTerminalStatus(request.status)) throw requestClosed(request?.status);
    await transitionRequest(tx, {
      requestId,
      action: 'cancel',
      actor: { type: 'subject' },
      auditType: 'request.cancelled',
      auditData: { reasonGiven: input.reason !== undefined },
      changes: { closedAt: ctx.now, outcome: input.reason ?? null },
    });
  });
  return getSubjectView(ctx.prisma, requestId, { now: ctx.now, timeZone: ctx.controller.timeZone });
}
