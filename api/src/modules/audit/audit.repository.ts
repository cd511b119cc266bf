import type { RequestStatus } from '@dsr/shared/statuses';
import type { Db, Prisma } from '../../db/types.ts';
import type { AuditType } from './audit.types.ts';

// Insert and list only: the database refuses UPDATE and DELETE on audit_events (trigger).

export type ActorType = 'subject' | 'staff' | 'system';

export interface Actor {
  type: ActorType;
  /** Staff user id; absent for the subject and the system. */
  id?: string | null;
}

export interface AuditInput {
  requestId: string | null;
  actor: Actor;
  type: AuditType;
  fromStatus?: RequestStatus | null;
  toStatus?: RequestStatus | null;
  /** Never personal data: retention cannot remove it from here. Ids, codes, counts, dates. */
  data?: Prisma.InputJsonObject;
}

export async function appendAudit(db: Db, event: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      requestId: event.requestId,
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      data: event.data ?? {},
    },
    select: { id: true },
  });
}

export async function listAudit(db: Db, requestId: string) {
  return db.auditEvent.findMany({
    where: { requestId },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      actorType: true,
      actorId: true,
      type: true,
      fromStatus: true,
      toStatus: true,
      data: true,
      at: true,
    },
  });
}
