import type { Db } from '../../db/types.ts';
import type { AuditType } from '../audit/audit.types.ts';
import type { RequestEvent } from './reaction.ts';

export async function loadEvent(db: Db, eventId: string, reaction: string): Promise<RequestEvent | null> {
  const row = await db.auditEvent.findUnique({
    where: { id: BigInt(eventId) },
    select: { id: true, requestId: true, type: true, fromStatus: true, toStatus: true, data: true, at: true },
  });
  if (!row?.requestId) return null;
  return {
    id: String(row.id),
    requestId: row.requestId,
    type: row.type as AuditType,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    data: (row.data ?? {}) as Record<string, unknown>,
    at: row.at,
    reaction,
  };
}

/** Everything a subject mail may need from the request; read when the mail is rendered. */
export function findMailRequest(db: Db, id: string) {
  return db.request.findUnique({
    where: { id },
    select: {
      id: true,
      reference: true,
      type: true,
      status: true,
      email: true,
      locale: true,
      details: true,
      dueAt: true,
      extendedDueAt: true,
      extensionMonths: true,
      extensionReason: true,
      outcome: true,
      outcomeData: true,
      denialReasonCode: true,
      denialExplanation: true,
      closedAt: true,
      appealOfId: true,
      appealOf: { select: { reference: true } },
      personalDataPurgedAt: true,
    },
  });
}

export type MailRequest = NonNullable<Awaited<ReturnType<typeof findMailRequest>>>;

/** A message staff sent to the subject (never an internal note). */
export async function findStaffMessageBody(db: Db, requestId: string, messageId: string) {
  const message = await db.message.findFirst({
    where: { id: messageId, requestId, from: 'staff', internal: false },
    select: { body: true },
  });
  return message?.body ?? null;
}
