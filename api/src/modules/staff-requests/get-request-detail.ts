import { appealDeadline, daysLeft, isOverdue } from '@dsr/shared/deadline';
import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { isOpenStatus } from '@dsr/shared/statuses';
import { asLocale } from '@dsr/shared/text';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { listAudit } from '../audit/audit.repository.ts';
import { restrictionState } from '../fulfilment/effects.ts';
import { NO_SOURCES, type SourceRegistry } from '../fulfilment/fulfilment.context.ts';
import { fulfilmentView } from '../fulfilment/fulfilment-view.ts';
import { allowedActionsFor } from './allowed-actions.ts';
import { findRequestForStaff, findStaffNames, type StaffRequestRow } from './detail.repository.ts';
import type { StaffActor } from './staff-requests.context.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const requestNotFound = (): AppError =>
  new AppError('not_found', 404, 'No request has this reference.');

/** GET /staff/requests/:reference: everything about one request, its whole audit trail included. */
export async function getRequestDetail(
  db: Db,
  staff: StaffActor,
  reference: string,
  context: { now: Date; timeZone: string; sources?: SourceRegistry },
): Promise<StaffRequestDetail> {
  const request = await findRequestForStaff(db, reference);
  if (!request) throw requestNotFound();
  const [events, fulfilment] = await Promise.all([
    listAudit(db, request.id),
    fulfilmentView(db, context.sources ?? NO_SOURCES, request),
  ]);
  const staffIds = [
    ...new Set(events.flatMap((e) => (e.actorType === 'staff' && e.actorId ? [e.actorId] : []))),
  ];
  const names = new Map((await findStaffNames(db, staffIds)).map((s) => [s.id, s.name]));
  const due = request.extendedDueAt ?? request.dueAt;
  const working = isOpenStatus(request.status) && due !== null;
  return {
    reference: request.reference,
    type: request.type,
    status: request.status,
    locale: asLocale(request.locale),
    email: request.email,
    fullName: request.fullName,
    message: request.message,
    details: isRecord(request.details) ? request.details : {},
    gpc: request.gpc,
    receivedAt: request.receivedAt.toISOString(),
    verifiedAt: iso(request.verifiedAt),
    dueAt: iso(due),
    originalDueAt: iso(request.dueAt),
    daysLeft: working && due ? daysLeft(due, context.now, context.timeZone) : null,
    overdue: working && due ? isOverdue(due, context.now) : false,
    closedAt: iso(request.closedAt),
    personalDataPurgedAt: iso(request.personalDataPurgedAt),
    extension: request.extensionMonths
      ? {
          months: request.extensionMonths,
          reason: request.extensionReason,
          dueAt: iso(request.extendedDueAt),
        }
      : null,
    assignee: request.assignee,
    outcome: outcomeOf(request, context.timeZone),
    messages: request.messages.map((m) => ({
      id: m.id,
      from: m.from,
      author: m.author,
      body: m.body,
      internal: m.internal,
      at: m.createdAt.toISOString(),
    })),
    audit: events.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      type: e.type,
      actor: {
        type: e.actorType,
        id: e.actorId,
        name: e.actorType === 'staff' && e.actorId ? (names.get(e.actorId) ?? null) : null,
      },
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      data: isRecord(e.data) ? e.data : {},
    })),
    tasks: request.tasks,
    allowedActions: allowedActionsFor(
      staff,
      {
        type: request.type,
        status: request.status,
        dueAt: request.dueAt,
        extensionMonths: request.extensionMonths,
        appeal: request.appealOf ? { deniedById: request.appealOf.deniedById } : null,
        restrictionLifted: restrictionState(request.outcomeData).liftRequestedAt !== undefined,
      },
      context.now,
    ),
    appealOf: request.appealOf
      ? { reference: request.appealOf.reference, status: request.appealOf.status }
      : null,
    appeal: request.appeal,
    fulfilment,
    version: request.version,
  };
}

function outcomeOf(request: StaffRequestRow, timeZone: string): StaffRequestDetail['outcome'] {
  switch (request.status) {
    case 'completed':
      return { type: 'completed', summary: request.outcome, data: request.outcomeData ?? null };
    case 'denied':
      return {
        type: 'denied',
        reasonCode: request.denialReasonCode ?? 'other',
        explanation: request.denialExplanation ?? '',
        deniedBy: request.deniedBy,
        // An appeal's denial cannot be appealed again: the next step is the supervisory authority.
        appealUntil:
          request.closedAt && !request.appealOfId
            ? appealDeadline(request.closedAt, timeZone).toISOString()
            : null,
      };
    case 'cancelled':
      return { type: 'cancelled', reason: request.outcome };
    case 'expired':
      return { type: 'expired' };
    default:
      return null;
  }
}
