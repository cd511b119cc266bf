import { nextStatus, type RequestAction, type RequestStatus } from '@dsr/shared/statuses';
import { Prisma, type Tx } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { type Actor, appendAudit } from '../audit/audit.repository.ts';
import type { AuditType } from '../audit/audit.types.ts';

// The one place that changes a request's status (and bumps its version). Runs inside the caller's
// transaction: a conditional update on {id, version, status}, then the audit event, which also
// queues the request event (modules/events) whose reactions mail the subject: all commit together
// or not at all.

export interface TransitionInput {
  requestId: string;
  action: RequestAction;
  actor: Actor;
  /** Staff actions carry the version they saw; subject and system actions use the current one. */
  expectedVersion?: number;
  auditType: AuditType;
  auditData?: Prisma.InputJsonObject;
  /** Other columns written together with the status (dates, outcome, ...). */
  changes?: Omit<Prisma.RequestUncheckedUpdateManyInput, 'id' | 'status' | 'version'>;
}

export interface TransitionResult {
  from: RequestStatus;
  to: RequestStatus;
  version: number;
}

export async function transitionRequest(tx: Tx, input: TransitionInput): Promise<TransitionResult> {
  // Lock the row first: a subject or system action (no expectedVersion) then waits for a concurrent
  // staff transaction and acts on the state it left, instead of failing on a version it never saw.
  const [current] = await tx.$queryRaw<Array<{ status: RequestStatus; version: number }>>(
    Prisma.sql`SELECT status, version FROM requests WHERE id = ${input.requestId}::uuid FOR UPDATE`,
  );
  if (!current) throw new AppError('not_found', 404, 'No such request.');
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw staleVersion(current);
  }
  const to = nextStatus(current.status, input.action);
  if (!to) {
    throw new AppError(
      'action_not_allowed',
      422,
      `"${input.action}" is not allowed while the request is ${current.status}.`,
      {
        current,
      },
    );
  }
  const updated = await tx.request.updateMany({
    where: { id: input.requestId, version: current.version, status: current.status },
    data: { ...input.changes, status: to, version: { increment: 1 } },
  });
  if (updated.count !== 1) {
    const now = await tx.request.findUnique({
      where: { id: input.requestId },
      select: { status: true, version: true },
    });
    throw staleVersion(now ?? current);
  }
  await appendAudit(tx, {
    requestId: input.requestId,
    actor: input.actor,
    type: input.auditType,
    fromStatus: current.status,
    toStatus: to,
    data: { action: input.action, version: current.version + 1, ...input.auditData },
  });
  return { from: current.status, to, version: current.version + 1 };
}

function staleVersion(current: { status: RequestStatus; version: number }): AppError {
  return new AppError('stale_version', 409, 'The request was changed meanwhile; reload and try again.', {
    current,
  });
}
