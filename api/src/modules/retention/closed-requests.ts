import type { ControllerConfig } from '@dsr/shared/controller';
import { Prisma, type PrismaClient } from '../../db/types.ts';
import { appendAudit } from '../audit/audit.repository.ts';

// Closed requests are kept `retention.closedRequestsYears` (default 5) after closing, as proof of
// compliance; then their personal data goes and only what anonymous counts and the register need
// stays: reference, type, status, dates, denial code, the fulfilment counts per source (no values),
// the Art. 19 notices (recipient names from the controller file). Removed: address, name, details,
// message, outcome and reasons staff wrote, messages and internal notes, tokens, identifiers staff
// linked, the draft's rows, the package and task files (their blobs marked expired: the daily
// export expiry deletes their bytes, wherever they are stored), task notes, transfer addresses and
// the link to the customer. The audit trail never held personal data and stays. A plain function
// taking `now`, so tests drive it with the test clock; a daily pg-boss cron calls it.

const YEAR_MS = 365.25 * 86_400_000;
const BATCH = 200;

export async function purgeClosedRequests(
  prisma: PrismaClient,
  controller: Pick<ControllerConfig, 'retention'>,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - controller.retention.closedRequestsYears * YEAR_MS);
  let purged = 0;
  for (;;) {
    const batch = await prisma.request.findMany({
      where: { closedAt: { lt: cutoff }, personalDataPurgedAt: null },
      orderBy: { closedAt: 'asc' },
      take: BATCH,
      select: { id: true },
    });
    for (const { id } of batch) {
      await prisma.$transaction(async (tx) => {
        const updated = await tx.request.updateMany({
          where: { id, personalDataPurgedAt: null, closedAt: { lt: cutoff } },
          data: {
            email: '',
            fullName: '',
            message: null,
            details: {},
            outcome: null,
            outcomeData: Prisma.DbNull,
            denialExplanation: null,
            extensionReason: null,
            subjectId: null,
            personalDataPurgedAt: now,
            updatedAt: now,
          },
        });
        if (updated.count !== 1) return;
        const [tokens, messages, identifiers, records] = await Promise.all([
          tx.requestToken.deleteMany({ where: { requestId: id } }),
          tx.message.deleteMany({ where: { requestId: id } }),
          tx.subjectIdentifier.deleteMany({ where: { requestId: id } }),
          tx.fulfilmentRecord.deleteMany({ where: { requestId: id } }),
        ]);
        // Files: their blobs expire now (the export expiry deletes the bytes); rows stop naming them.
        const packages = await tx.package.findMany({ where: { requestId: id }, select: { blobId: true } });
        const tasks = await tx.task.findMany({ where: { requestId: id }, select: { attachmentId: true } });
        const downloads = await tx.download.findMany({ where: { requestId: id }, select: { blobId: true } });
        const blobIds = [...packages, ...downloads]
          .map((p) => p.blobId)
          .concat(tasks.map((t) => t.attachmentId))
          .filter((b): b is string => b !== null);
        if (blobIds.length > 0) {
          await tx.blob.updateMany({ where: { id: { in: blobIds } }, data: { expiresAt: now } });
        }
        await tx.package.deleteMany({ where: { requestId: id } });
        await tx.task.updateMany({
          where: { requestId: id },
          data: { note: null, attachmentName: null },
        });
        await tx.download.updateMany({
          where: { requestId: id },
          data: { transferredTo: null, transferTokenHash: null, path: null },
        });
        await tx.fulfilmentSource.updateMany({
          where: { requestId: id },
          data: { matches: Prisma.DbNull, lastError: null },
        });
        await appendAudit(tx, {
          requestId: id,
          actor: { type: 'system' },
          type: 'request.purged',
          data: {
            reason: 'closed_retention',
            tokensDeleted: tokens.count,
            messagesDeleted: messages.count,
            identifiersDeleted: identifiers.count,
            recordsDeleted: records.count,
            filesExpired: blobIds.length,
          },
        });
        purged += 1;
      });
    }
    if (batch.length < BATCH) return purged;
  }
}
