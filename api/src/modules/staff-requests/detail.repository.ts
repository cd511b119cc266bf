import type { Db } from '../../db/types.ts';

// Reads for the staff detail view. Keyed by reference (staff see every request); explicit selects.

const staffRef = { select: { id: true, name: true } } as const;

export function findRequestForStaff(db: Db, reference: string) {
  return db.request.findUnique({
    where: { reference },
    select: {
      id: true,
      reference: true,
      type: true,
      status: true,
      locale: true,
      email: true,
      fullName: true,
      message: true,
      details: true,
      gpc: true,
      receivedAt: true,
      verifiedAt: true,
      dueAt: true,
      extendedDueAt: true,
      extensionMonths: true,
      extensionReason: true,
      closedAt: true,
      outcome: true,
      outcomeData: true,
      denialReasonCode: true,
      denialExplanation: true,
      deniedById: true,
      personalDataPurgedAt: true,
      version: true,
      appealOfId: true,
      assignee: staffRef,
      deniedBy: staffRef,
      appealOf: { select: { reference: true, status: true, deniedById: true } },
      appeal: { select: { reference: true, status: true } },
      messages: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, from: true, body: true, internal: true, createdAt: true, author: staffRef },
      },
      tasks: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, system: true, description: true, status: true },
      },
    },
  });
}
export type StaffRequestRow = NonNullable<Awaited<ReturnType<typeof findRequestForStaff>>>;

export function findStaffNames(db: Db, ids: string[]) {
  return db.staffUser.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}
