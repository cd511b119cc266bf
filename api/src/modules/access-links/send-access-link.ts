import type { PrismaClient } from '../../db/types.ts';
import { hashToken, safeEqual } from '../../lib/tokens.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { findLinkTarget } from './access-links.repository.ts';

export interface AccessLinkContext {
  prisma: PrismaClient;
  now: Date;
}

/**
 * Records `access_link.sent` when the digest is that of the address the request was filed with;
 * the event's subject-mail reaction then issues the link token (revoking the request's older unused
 * ones) and mails it. The caller learns nothing either way (no enumeration): the same lookup runs.
 */
export async function sendAccessLink(
  ctx: AccessLinkContext,
  input: { emailDigest: string; reference: string },
): Promise<void> {
  const request = await findLinkTarget(ctx.prisma, input.reference);
  // Compare digests: equal length, so the comparison time says nothing about the stored address.
  const sameAddress = safeEqual(hashToken(request?.email ?? ''), input.emailDigest);
  if (!request || !sameAddress || request.personalDataPurgedAt || request.status === 'expired') return;
  await appendAudit(ctx.prisma, {
    requestId: request.id,
    actor: { type: 'subject' },
    type: 'access_link.sent',
    at: ctx.now,
  });
}
