import { appealDeadline } from '@dsr/shared/deadline';
import { allowedSubjectActions } from '@dsr/shared/statuses';
import { SUBJECT_VIEW_ACTIONS, type SubjectView, type SubjectViewAction } from '@dsr/shared/subject-view';
import { asLocale } from '@dsr/shared/text';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { listAudit } from '../audit/audit.repository.ts';
import { correctionsOf, decisionsOf, objectionLines } from '../fulfilment/effects.ts';
import { loadErasureOutcome } from '../fulfilment/erasure-outcome.ts';
import { listRecipientNotices } from '../fulfilment/recipient-notices.ts';
import {
  findSubjectRequest,
  listLiveDownloads,
  listTransfers,
  listVisibleMessages,
  type SubjectRequestRow,
} from './subject.repository.ts';
import { toTimeline } from './subject-timeline.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The status page's view of the request the access token opens. */
export async function getSubjectView(
  db: Db,
  requestId: string,
  context: { now: Date; timeZone: string },
): Promise<SubjectView> {
  const [request, events, messages, downloads, transfers] = await Promise.all([
    findSubjectRequest(db, requestId),
    listAudit(db, requestId),
    listVisibleMessages(db, requestId),
    listLiveDownloads(db, requestId, context.now),
    listTransfers(db, requestId),
  ]);
  // The token outlived its request (should not happen: tokens cascade with it).
  if (!request) throw new AppError('unauthorized', 401, 'A valid access token is required.');
  const locale = asLocale(request.locale);
  const [erasure, notices] = await Promise.all([
    loadErasureOutcome(db, { id: requestId, type: request.type }, locale),
    listRecipientNotices(db, requestId),
  ]);
  const dueAt = request.extendedDueAt ?? request.dueAt;
  return {
    reference: request.reference,
    type: request.type,
    status: request.status,
    locale,
    details: isRecord(request.details) ? request.details : {},
    receivedAt: request.receivedAt.toISOString(),
    verifiedAt: iso(request.verifiedAt),
    dueAt: iso(dueAt),
    closedAt: iso(request.closedAt),
    timeline: toTimeline(events),
    messages: messages.map((m) => ({ from: m.from, body: m.body, at: m.createdAt.toISOString() })),
    outcome: outcomeOf(request, context.timeZone),
    downloads: downloads.map((d) => ({
      id: d.id,
      fileName: d.fileName,
      sizeBytes: d.sizeBytes === null ? null : Number(d.sizeBytes),
      expiresAt: d.expiresAt.toISOString(),
    })),
    transfers: transfers.map((d) => ({
      recipient: recipientOf(request.details),
      at: d.createdAt.toISOString(),
    })),
    ...(request.type === 'rectification' ? { corrections: correctionsView(request) } : {}),
    ...(request.type === 'objection'
      ? { objections: objectionLines(request.outcomeData, asLocale(request.locale)) }
      : {}),
    erasure,
    recipientsNotified: notices,
    allowedActions: actionsOf(request, context),
    appealOf: request.appealOf?.reference ?? null,
    appeal: request.appeal
      ? {
          reference: request.appeal.reference,
          status: request.appeal.status,
          receivedAt: request.appeal.receivedAt.toISOString(),
          dueAt: iso(request.appeal.extendedDueAt ?? request.appeal.dueAt),
        }
      : null,
    message: request.message,
    ...(request.extensionMonths
      ? {
          extension: {
            months: request.extensionMonths,
            reason: request.extensionReason,
            dueAt: iso(request.extendedDueAt),
          },
        }
      : {}),
  };
}

/** Each correction with staff's decision once `fulfil` recorded it (the reason of a refusal). */
function correctionsView(request: SubjectRequestRow): NonNullable<SubjectView['corrections']> {
  const locale = asLocale(request.locale);
  const decisions = decisionsOf(request.outcomeData);
  return correctionsOf(isRecord(request.details) ? request.details : {}).map((c, index) => {
    const d = decisions.find((x) => x.index === index);
    return {
      index,
      field: c.field,
      label: d?.label?.[locale] ?? null,
      correctedValue: c.correctedValue,
      decision: d ? (d.accept ? 'accepted' : 'refused') : null,
      reason: d?.reason ?? null,
    };
  });
}

// The name the subject typed for the recipient; the address stays on the download row.
function recipientOf(details: unknown): string {
  const target = isRecord(details) ? details.transferTo : null;
  return isRecord(target) && typeof target.name === 'string' ? target.name : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function outcomeOf(request: SubjectRequestRow, timeZone: string): SubjectView['outcome'] {
  if (request.status === 'completed') return { type: 'completed', summary: request.outcome };
  if (request.status === 'denied' && request.denialReasonCode) {
    return {
      type: 'denied',
      reasonCode: request.denialReasonCode,
      explanation: request.denialExplanation ?? '',
      // A decision on an appeal is final here: what remains is the supervisory authority or a court.
      appealUntil:
        request.closedAt && !request.appealOf
          ? appealDeadline(request.closedAt, timeZone).toISOString()
          : null,
    };
  }
  return null;
}

function actionsOf(
  request: SubjectRequestRow,
  context: { now: Date; timeZone: string },
): SubjectViewAction[] {
  const offered = (SUBJECT_VIEW_ACTIONS as readonly string[]).includes.bind(SUBJECT_VIEW_ACTIONS);
  return allowedSubjectActions(request.status)
    .filter((action): action is SubjectViewAction => offered(action))
    .filter((action) => action !== 'appeal' || canAppeal(request, context));
}

// The table allows `appeal` on any denial; the window (60 days), "only once" and "not an appeal's
// own denial" are checked here.
function canAppeal(request: SubjectRequestRow, { now, timeZone }: { now: Date; timeZone: string }): boolean {
  if (request.appeal || request.appealOf || !request.closedAt) return false;
  return now.getTime() <= appealDeadline(request.closedAt, timeZone).getTime();
}
