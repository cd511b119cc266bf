import type { Db } from '../../db/types.ts';

// Art. 19 notices as the subject sees them: who was told, by which channel, and when (null while
// still being sent). Written by the art19-notices reaction and the notice delivery worker.

export async function listRecipientNotices(
  db: Db,
  requestId: string,
): Promise<Array<{ recipient: string; channel: 'email' | 'webhook'; at: string | null }>> {
  const rows = await db.recipientNotice.findMany({
    where: { requestId, state: { not: 'failed' } },
    orderBy: [{ createdAt: 'asc' }, { recipient: 'asc' }],
    select: { recipient: true, channel: true, sentAt: true, createdAt: true },
  });
  return rows.map((r) => ({
    recipient: r.recipient,
    channel: r.channel === 'webhook' ? 'webhook' : 'email',
    at: r.sentAt?.toISOString() ?? null,
  }));
}
