import type { ControllerConfig } from '@dsr/shared/controller';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { transitionRequest } from '../requests/request.transition.ts';

// Lifecycle of unverified requests (SUBJECT-JOURNEY.md): expired after 7 days, personal data
// removed after controller.retention.unverifiedDays. Plain functions taking `now`, so tests drive
// them with the test clock; pg-boss cron calls them hourly (retention.jobs.ts).

const DAY_MS = 86_400_000;
export const EXPIRE_AFTER_DAYS = 7;
/** Idempotency keys are honoured for a day; later the same key is a new submission. */
export const IDEMPOTENCY_KEY_TTL_MS = DAY_MS;
const BATCH = 200;

/** pending_verification received more than 7 days ago → expired (system actor). Returns how many. */
export async function expireUnverified(prisma: PrismaClient, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPIRE_AFTER_DAYS * DAY_MS);
  let expired = 0;
  for (;;) {
    const batch = await prisma.request.findMany({
      where: { status: 'pending_verification', receivedAt: { lt: cutoff } },
      orderBy: { receivedAt: 'asc' },
      take: BATCH,
      select: { id: true },
    });
    let done = 0;
    for (const { id } of batch) {
      try {
        await prisma.$transaction((tx) =>
          transitionRequest(tx, {
            requestId: id,
            action: 'expire',
            actor: { type: 'system' },
            auditType: 'request.expired',
            changes: { closedAt: now, updatedAt: now },
          }),
        );
        done += 1;
      } catch (err) {
        // Verified or cancelled meanwhile: nothing to expire any more.
        if (!(err instanceof AppError)) throw err;
      }
    }
    expired += done;
    // A full batch that changed nothing would be read again forever: stop.
    if (batch.length < BATCH || done === 0) return expired;
  }
}

/**
 * Requests never verified and received more than `unverifiedDays` ago: e-mail, name, message and
 * details blanked, tokens deleted, `personalDataPurgedAt` set; the audit trail (no personal data)
 * is kept. Returns how many.
 */
export async function purgeUnverified(
  prisma: PrismaClient,
  controller: Pick<ControllerConfig, 'retention'>,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - controller.retention.unverifiedDays * DAY_MS);
  let purged = 0;
  for (;;) {
    const batch = await prisma.request.findMany({
      where: { verifiedAt: null, personalDataPurgedAt: null, receivedAt: { lt: cutoff } },
      orderBy: { receivedAt: 'asc' },
      take: BATCH,
      select: { id: true },
    });
    for (const { id } of batch) {
      await prisma.$transaction(async (tx) => {
        const updated = await tx.request.updateMany({
          where: { id, verifiedAt: null, personalDataPurgedAt: null },
          data: {
            email: '',
            fullName: '',
            message: null,
            details: {},
            personalDataPurgedAt: now,
            updatedAt: now,
          },
        });
        if (updated.count !== 1) return;
        const tokens = await tx.requestToken.deleteMany({ where: { requestId: id } });
        await appendAudit(tx, {
          requestId: id,
          actor: { type: 'system' },
          type: 'request.purged',
          data: { reason: 'unverified', tokensDeleted: tokens.count },
        });
        purged += 1;
      });
    }
    if (batch.length < BATCH) return purged;
  }
}

/** Idempotency keys past their day (their answers hold a reference only, no personal data). */
export async function purgeIdempotencyKeys(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.idempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } },
  });
  return count;
}
