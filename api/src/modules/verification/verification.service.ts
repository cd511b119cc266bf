import { type ControllerConfig, defaultLocale } from '@dsr/shared/controller';
import { computeDueAt } from '@dsr/shared/deadline';
import type { RequestType } from '@dsr/shared/request-types';
import type { RequestStatus } from '@dsr/shared/statuses';
import { type Locale, localeSchema } from '@dsr/shared/text';
import type { PrismaClient } from '../../db/types.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { transitionRequest } from '../requests/request.transition.ts';
import { consumeLinkToken, issueAccessToken, tokenError } from '../tokens/tokens.repository.ts';

export interface VerificationDeps {
  prisma: PrismaClient;
  controller: ControllerConfig;
  publicUrl: string;
}

export interface VerificationAnswer {
  reference: string;
  status: RequestStatus;
  accessToken: string;
  /** The language the request was filed in: its pages open in it. */
  locale: Locale;
}

/**
 * Consent withdrawal, and objection to direct marketing only, are honoured without staff review
 * (Art. 7(3), Art. 21(3)): acknowledged at verification; fulfilment applies them to customer data.
 */
export function isAutoAcknowledged(type: RequestType, details: unknown): boolean {
  if (type === 'consent_withdrawal') return true;
  if (type !== 'objection') return false;
  const purposes = (details as { purposes?: unknown } | null)?.purposes;
  return Array.isArray(purposes) && purposes.length > 0 && purposes.every((p) => p === 'direct_marketing');
}

/**
 * Exchanges an e-mailed link token for an access token. A pending request is verified (deadline
 * set; the receipt and the staff notice are reactions to `request.verified`); an already verified
 * one only gets the access token (status link). Token use, transition, audit (with its event) and
 * access token commit together or not at all.
 */
export async function verifyLinkToken(
  deps: VerificationDeps,
  token: string,
  now: Date,
): Promise<VerificationAnswer> {
  return deps.prisma.$transaction(async (tx) => {
    const { requestId } = await consumeLinkToken(tx, token, now);
    const request = await tx.request.findUniqueOrThrow({
      where: { id: requestId },
      select: { reference: true, status: true, type: true, details: true, locale: true },
    });
    // A request left unverified for 7 days is closed; its link is as good as expired.
    if (request.status === 'expired') throw tokenError('token_expired');

    let status: RequestStatus = request.status;
    if (request.status === 'pending_verification') {
      const acknowledged = isAutoAcknowledged(request.type, request.details);
      const dueAt = computeDueAt(now, deps.controller.timeZone);
      const result = await transitionRequest(tx, {
        requestId,
        action: 'verify',
        actor: { type: 'subject' },
        auditType: 'request.verified',
        auditData: { dueAt: dueAt.toISOString() },
        changes: {
          verifiedAt: now,
          dueAt,
          updatedAt: now,
          ...(acknowledged ? { outcomeData: { acknowledgedAt: now.toISOString() } } : {}),
        },
      });
      status = result.to;
      if (acknowledged) {
        await appendAudit(tx, {
          requestId,
          actor: { type: 'system' },
          type: 'request.acknowledged',
          data: { type: request.type },
        });
      }
    }
    const accessToken = await issueAccessToken(tx, requestId, now);
    const locale = localeSchema.safeParse(request.locale);
    return {
      reference: request.reference,
      status,
      accessToken,
      locale: locale.success ? locale.data : defaultLocale(deps.controller),
    };
  });
}
