import type { Tx } from '../../db/types.ts';
import { Prisma } from '../../db/types.ts';

/** Locks the request's row for the rest of the transaction: concurrent actions on it queue up here. */
export async function lockRequestByReference(tx: Tx, reference: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM requests WHERE reference = ${reference} FOR UPDATE`,
  );
  return rows[0]?.id ?? null;
}

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
