import type { Db } from '../../db/types.ts';

// Reads for the subject's own request. Every query is keyed by the request id the access token
// resolved to; nothing here takes a reference or an id from the client.

export function findSubjectRequest(db: Db, id: string) {
  return db.request.findUnique({
    where: { id },
    select: {
      id: true,
      reference: true,
      type: true,
      status: true,
      locale: true,
      details: true,
      receivedAt: true,
      verifiedAt: true,
      dueAt: true,
      extendedDueAt: true,
      extensionMonths: true,
      extensionReason: true,
      closedAt: true,
      outcome: true,
      denialReasonCode: true,
      denialExplanation: true,
      message: true,
      appeal: {
        select: {
          id: true,
          reference: true,
          status: true,
          receivedAt: true,
          dueAt: true,
          extendedDueAt: true,
        },
      },
      appealOf: { select: { reference: true } },
    },
  });
}

/** The appeal of a denied request (same subject: it was filed with this request's access token). */
export function findAppealOf(db: Db, requestId: string) {
  return db.request.findFirst({
    where: { appealOfId: requestId },
    select: { id: true, reference: true },
  });
}
export type SubjectRequestRow = NonNullable<Awaited<ReturnType<typeof findSubjectRequest>>>;

/** What mails and state checks need: status and where to write. */
export function findRequestContact(db: Db, id: string) {
  return db.request.findUnique({
    where: { id },
    select: { status: true, reference: true, email: true, locale: true },
  });
}

/** Messages the subject may read: internal staff notes are never among them. */
export function listVisibleMessages(db: Db, requestId: string) {
  return db.message.findMany({
    where: { requestId, internal: false },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { from: true, body: true, createdAt: true },
  });
}

export function listLiveDownloads(db: Db, requestId: string, now: Date) {
  return db.download.findMany({
    // A transfer went to the recipient the subject named: it is not the subject's to download.
    where: { requestId, expiresAt: { gt: now }, transferredTo: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, fileName: true, sizeBytes: true, expiresAt: true },
  });
}

/** Packages released to a named recipient (portability with `transferTo`), expired or not. */
export function listTransfers(db: Db, requestId: string) {
  return db.download.findMany({
    where: { requestId, transferredTo: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
}

export async function createSubjectMessage(db: Db, requestId: string, body: string): Promise<string> {
  const message = await db.message.create({
    data: { requestId, from: 'subject', body },
    select: { id: true },
  });
  return message.id;
}
