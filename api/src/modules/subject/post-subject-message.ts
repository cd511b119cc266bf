import { isTerminalStatus } from '@dsr/shared/statuses';
import type { SubjectView } from '@dsr/shared/subject-view';
import { transitionRequest } from '../requests/request.transition.ts';
import { getSubjectView } from './get-subject-view.ts';
import type { SubjectContext } from './subject.context.ts';
import { requestClosed } from './subject.errors.ts';
import { createSubjectMessage, findRequestContact } from './subject.repository.ts';

/**
 * A message from the subject. It goes through the transition table as `reply`: that resumes an
 * `awaiting_subject` request to `in_progress`, keeps other open states as they are, and bumps the
 * version so a staff member acting on what they saw before the message gets a 409. The audit event
 * carries the message id, never its body.
 */
export async function postSubjectMessage(
  ctx: SubjectContext,
  requestId: string,
  input: { body: string },
): Promise<SubjectView> {
  await ctx.prisma.$transaction(async (tx) => {
    const request = await findRequestContact(tx, requestId);
    if (!request || isTerminalStatus(request.status)) throw requestClosed(request?.status);
    const messageId = await createSubjectMessage(tx, requestId, input.body);
    await transitionRequest(tx, {
      requestId,
      action: 'reply',
      actor: { type: 'subject' },
      auditType: 'message.from_subject',
      auditData: { messageId },
    });
  });
  return getSubjectView(ctx.prisma, requestId, { now: ctx.now, timeZone: ctx.controller.timeZone });
}
