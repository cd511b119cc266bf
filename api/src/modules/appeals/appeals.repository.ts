import type { Tx } from '../../db/types.ts';

export function findDeniedForAppeal(tx: Tx, id: string) {
  return tx.request.findUnique({
    where: { id },
    select: {
      id: true,
      reference: true,
      type: true,
      status: true,
      version: true,
      email: true,
      fullName: true,
      locale: true,
      details: true,
      subjectId: true,
      closedAt: true,
      appealOfId: true,
      appeal: { select: { reference: true } },
    },
  });
}
type DeniedRequest = NonNullable<Awaited<ReturnType<typeof findDeniedForAppeal>>>;

/**
 * The appeal: same subject, type and details as the denied request, verified at once (the access
 * token proved the address), due one month from now. The subject's words are its first message.
 */
export async function createAppealRequest(
  tx: Tx,
  denied: DeniedRequest,
  input: { body: string; now: Date; dueAt: Date },
): Promise<{ id: string; reference: string; messageId: string }> {
  const created = await tx.request.create({
    data: {
      type: denied.type,
      status: 'verified',
      details: denied.details ?? {},
      email: denied.email,
      fullName: denied.fullName,
      locale: denied.locale,
      receivedAt: input.now,
      verifiedAt: input.now,
      dueAt: input.dueAt,
      appealOfId: denied.id,
      subjectId: denied.subjectId,
      updatedAt: input.now,
    },
    select: { id: true, reference: true },
  });
  const message = await tx.message.create({
    data: { requestId: created.id, from: 'subject', body: input.body },
    select: { id: true },
  });
  return { ...created, messageId: message.id };
}
