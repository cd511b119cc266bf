import type { RequestStatus } from '@dsr/shared/statuses';
import type { Statement } from '../../db/statement.ts';
import type { Db, Prisma, Tx } from '../../db/types.ts';
import { enqueueRequestEvent, enqueueRequestEventInStatement } from '../events/events.queues.ts';
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
  /** The use case's clock; default the database's. Reactions count token lifetimes from it. */
  at?: Date;
}

/**
 * Appends an audit event. An event about a request is also the request's **event**: in the same
 * transaction a `request.event` job (ids and type only) is queued, which the reactions in
 * modules/events pick up once it commits (mails, notices, ...). Given the client rather than a
 * transaction, both are written in one of their own.
 */
export async function appendAudit(db: Db, event: AuditInput): Promise<void> {
  const { requestId } = event;
  if (requestId === null) {
    await insertAudit(db, event);
    return;
  }
  const write = async (tx: Tx) => {
    const id = await insertAudit(tx, event);
    await enqueueRequestEvent(tx, {
      eventId: String(id),
      requestId,
      type: event.type,
      toStatus: event.toStatus ?? null,
    });
  };
  // Only the top-level client has $disconnect (a transaction client has $transaction too: nested).
  if ('$disconnect' in db) await db.$transaction(write);
  else await write(db);
}

/**
 * appendAudit as part of a one-statement write (db/statement.ts), for hot paths: the audit row (CTE
 * `audit`) about the request whose uuid the SQL expression `requestIdSql` gives (typically read from
 * another part of the statement), its `request.event` job and the wake-up, all in that statement.
 * One audit event per statement.
 */
export async function appendAuditInStatement(
  statement: Statement,
  event: Omit<AuditInput, 'requestId'> & { requestIdSql: string },
): Promise<void> {
  const p = (value: unknown) => statement.param(value);
  statement.with(
    'audit',
    `INSERT INTO audit_events ("requestId", "actorType", "actorId", type, "fromStatus", "toStatus", data, at)
     SELECT (${event.requestIdSql})::uuid, ${p(event.actor.type)}::"ActorType", ${p(event.actor.id ?? null)}::text,
            ${p(event.type)}::text, ${p(event.fromStatus ?? null)}::"RequestStatus", ${p(event.toStatus ?? null)}::"RequestStatus",
            ${p(JSON.stringify(event.data ?? {}))}::jsonb, COALESCE(${p(event.at ?? null)}::timestamptz, CURRENT_TIMESTAMP)
     RETURNING id, "requestId"`,
  );
  await enqueueRequestEventInStatement(statement, {
    eventIdSql: 'SELECT id FROM audit',
    requestIdSql: 'SELECT "requestId" FROM audit',
    type: event.type,
    toStatus: event.toStatus ?? null,
  });
}

async function insertAudit(db: Db, event: AuditInput): Promise<bigint> {
  const row = await db.auditEvent.create({
    data: {
      requestId: event.requestId,
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      data: event.data ?? {},
      ...(event.at ? { at: event.at } : {}),
    },
    select: { id: true },
  });
  return row.id;
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
