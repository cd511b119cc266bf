import type { ControllerConfig } from '@dsr/shared/controller';
import type { PrismaClient } from '../../db/types.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import { hashToken, safeEqual } from '../../lib/tokens.ts';
import { messageIdDomain, queueMail } from '../../mail/mailer.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { accessLinkMail } from '../notifications/subject-mails.ts';
import { issueLinkToken, linkUrl } from '../tokens/tokens.repository.ts';
import { findLinkTarget } from './access-links.repository.ts';

export interface AccessLinkContext {
  prisma: PrismaClient;
  now: Date;
  controller: ControllerConfig;
  publicUrl: string;
}

/**
 * E-mails a fresh status link when `email` is the address the request was filed with. The caller
 * learns nothing either way (no enumeration): the same lookup runs, the same answer follows.
 * Issuing the link token revokes the request's older unused link tokens.
 */
export async function sendAccessLink(
  ctx: AccessLinkContext,
  input: { email: string; reference: string },
): Promise<void> {
  await ctx.prisma.$transaction(async (tx) => {
    const request = await findLinkTarget(tx, input.reference);
    // Compare digests: equal length, so the comparison time says nothing about the stored address.
    const sameAddress = safeEqual(hashToken(request?.email ?? ''), hashToken(input.email));
    if (!request || !sameAddress || request.personalDataPurgedAt || request.status === 'expired') return;
    const token = await issueLinkToken(tx, request.id, ctx.now);
    const mail = accessLinkMail({
      to: request.email,
      locale: request.locale === 'en' ? 'en' : 'fr',
      reference: request.reference,
      link: linkUrl(ctx.publicUrl, token),
      controller: ctx.controller,
    });
    await queueMail(prismaTxExecutor(tx), mail, { messageIdDomain: messageIdDomain(ctx.publicUrl) });
    await appendAudit(tx, { requestId: request.id, actor: { type: 'subject' }, type: 'access_link.sent' });
  });
}
