import type { AppealAccessAnswer } from '@dsr/shared/subject-view';
import { AppError } from '../../errors.ts';
import type { SubjectContext } from '../subject/subject.context.ts';
import { findAppealOf } from '../subject/subject.repository.ts';
import { issueAccessToken } from '../tokens/tokens.repository.ts';

// POST /requests/me/appeal/access: the bearer of a denied request's access token follows its appeal
// after a reload or on another day. The appeal is the same subject's own request (filed with this
// very token), so this is the access token the appeal answer gave, issued again: 30 days, audited.
export async function openAppeal(ctx: SubjectContext, requestId: string): Promise<AppealAccessAnswer> {
  return ctx.prisma.$transaction(async (tx) => {
    const appeal = await findAppealOf(tx, requestId);
    if (!appeal) throw new AppError('not_found', 404, 'This request has not been appealed.');
    const accessToken = await issueAccessToken(tx, appeal.id, ctx.now);
    return { reference: appeal.reference, accessToken };
  });
}
