import type { Tx } from '../../db/types.ts';

export function findRequestForAction(tx: Tx, id: string) {
  return tx.request.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      reference: true,
      type: true,
      details: true,
      status: true,
      locale: true,
      version: true,
      outcomeData: true,
      verifiedAt: true,
      dueAt: true,
      extensionMonths: true,
      assigneeId: true,
      appealOfId: true,
      appealOf: { select: { deniedById: true } },
    },
  });
}

/** An agent or admin whose account is not disabled: the only people requests are assigned to. */
export function findActiveWorker(tx: Tx, id: string) {
  return tx.staffUser.findFirst({
    where: { id, disabledAt: null, role: { in: ['admin', 'agent'] } },
    select: { id: true },
  });
}

export function countOpenTasks(tx: Tx, requestId: string): Promise<number> {
  return tx.task.count({ where: { requestId, status: 'open' } });
}

export async function createStaffMessage(
  tx: Tx,
  requestId: string,
  authorId: string,
  body: string,
  internal: boolean,
): Promise<string> {
  const message = await tx.message.create({
    data: { requestId, from: 'staff', authorId, body, internal },
    select: { id: true },
  });
  return message.id;
}
