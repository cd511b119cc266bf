import type { PrismaClient } from '../../db/types.ts';
import type { BlobStore } from '../fulfilment/blob-store.ts';

// Released packages live `retention.exportDays`: their blob carries that expiry. Once it passes, the
// blob goes, and with it the draft's rows (personal data copied from the sources). The download row
// stays, so its link answers 410 rather than 404. The draft's rows go first: if the file store fails,
// the blob stays expired and the next run deletes it.

const BATCH = 100;

export async function purgeExpiredExports(
  { prisma, blobs }: { prisma: PrismaClient; blobs: BlobStore },
  now: Date,
): Promise<number> {
  let purged = 0;
  for (;;) {
    const expired = await prisma.blob.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: BATCH,
      select: { id: true, packages: { select: { requestId: true } } },
    });
    for (const blob of expired) {
      const requestIds = blob.packages.map((p) => p.requestId);
      await prisma.fulfilmentRecord.deleteMany({ where: { requestId: { in: requestIds } } });
      await blobs.delete(blob.id);
      purged += 1;
    }
    if (expired.length < BATCH) return purged;
  }
}
