import type { PrismaClient } from '../../db/types.ts';

// Released packages live `retention.exportDays`: their blob carries that expiry. Once it passes, the
// blob goes, and with it the draft's rows (personal data copied from the sources). The download row
// stays, so its link answers 410 rather than 404.

const BATCH = 100;

export async function purgeExpiredExports(prisma: PrismaClient, now: Date): Promise<number> {
  let purged = 0;
  for (;;) {
    const blobs = await prisma.blob.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: BATCH,
      select: { id: true, packages: { select: { requestId: true } } },
    });
    for (const blob of blobs) {
      await prisma.$transaction(async (tx) => {
        const requestIds = blob.packages.map((p) => p.requestId);
        await tx.fulfilmentRecord.deleteMany({ where: { requestId: { in: requestIds } } });
        await tx.blob.delete({ where: { id: blob.id } });
      });
      purged += 1;
    }
    if (blobs.length < BATCH) return purged;
  }
}
