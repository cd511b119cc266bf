import { extendDueAt } from '@dsr/shared/deadline';
import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { canExtend, nextStatus, type RequestStatus, type StaffActionBody } from '@dsr/shared/statuses';
import type { Prisma, Tx } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { assertFulfilled, releasePackage } from '../fulfilment/complete-fulfilment.ts';
import {
  type CorrectionDecision,
  checkDecisions,
  checkObjectionDecisions,
  type ObjectionPurposeDecision,
  restrictionState,
} from '../fulfilment/effects.ts';
import { rectifyFields } from '../fulfilment/rectification.ts';
import { requestFulfilment } from '../fulfilment/request-fulfilment.ts';
import { lockRequestByReference } from '../requests/request.lock.ts';
import { type TransitionInput, transitionRequest } from '../requests/request.transition.ts';
import {
  countOpenTasks,
  createStaffMessage,
  findActiveWorker,
  findRequestForAction,
} from './action.repository.ts';
import { isDecision, mayDecideAppeal } from './allowed-actions.ts';
import { getRequestDetail, requestNotFound } from './get-request-detail.ts';
import type { StaffActor, StaffRequestsContext } from './staff-requests.context.ts';

// POST /staff/requests/:reference/actions. One function for every staff action; each runs in one
// transaction: the row is locked, the rules are checked in a fixed order (404, 403, 409, 422), then
// transitionRequest writes the status/version and the one audit event with its request event; the
// subject's mail is a reaction to that event (modules/events), run after commit.

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export const forbidden = (detail: string): AppError => new AppError('forbidden', 403, detail);

export async function performStaffAction(
  ctx: StaffRequestsContext,
  staff: StaffActor,
  reference: string,
  input: StaffActionBody,
): Promise<StaffRequestDetail> {
  if (staff.role === 'auditor') throw forbidden('Auditors read requests; they cannot act on them.');
  await ctx.prisma.$transaction(async (tx) => {
    const id = await lockRequestByReference(tx, reference);
    if (!id) throw requestNotFound();
    const request = await findRequestForAction(tx, id);
    if (isDecision(input.action) && request.appealOf && !mayDecideAppeal(staff, request.appealOf)) {
      throw forbidden('An appeal is decided by an admin other than the one who denied the request.');
    }
    // An internal note conflicts with nothing: it neither checks nor bumps the version, so a
    // colleague's decision drafted on the version they saw still goes through after it.
    if (input.action !== 'note' && request.version !== input.expectedVersion) throw staleVersion(request);
    if (nextStatus(request.status, input.action) === null) throw actionNotAllowed(input.action, request);
    await apply(tx, ctx, staff, request, input);
  }, TX_OPTIONS);
  return getRequestDetail(ctx.prisma, staff, reference, {
    now: ctx.now,
    timeZone: ctx.controller.timeZone,
    sources: ctx.sources,
  });
}

type ActionRequest = Awaited<ReturnType<typeof findRequestForAction>>;

async function apply(
  tx: Tx,
  ctx: StaffRequestsContext,
  staff: StaffActor,
  request: ActionRequest,
  input: StaffActionBody,
): Promise<void> {
  const base = {
    requestId: request.id,
    action: input.action,
    actor: { type: 'staff' as const, id: staff.id },
  };
  const transition = (rest: Omit<TransitionInput, keyof typeof base | 'expectedVersion'>) =>
    transitionRequest(tx, { ...base, expectedVersion: input.expectedVersion, ...rest });
  const now = ctx.now;

  switch (input.action) {
    case 'fulfil': {
      // The rows are written here (the answer shows every source pending); the fulfilment reaction
      // queues the runs. Source names come from the data map: configuration, not personal data.
      // Rectification: one decision per correction, kept on the request (the runs read them).
      const labels = new Map(
        rectifyFields(ctx.sources.list.map((s) => s.config)).map((f) => [f.field, f.label]),
      );
      // Objection: one decision per purpose other than direct marketing (or none: all accepted).
      const objection =
        request.type === 'objection' && input.decisions
          ? checkObjectionDecisions(
              request,
              input.decisions as ReadonlyArray<ObjectionPurposeDecision>,
              current(request),
            )
          : undefined;
      const decisions = objection
        ? undefined
        : checkDecisions(
            request,
            input.decisions as CorrectionDecision[] | undefined,
            current(request),
            labels,
          );
      const { sources } = await requestFulfilment(tx, ctx.sources, request);
      // The decisions taken, kept on the request under their request type's key of outcomeData.
      const decided = objection ?? decisions;
      const decidedKey = objection ? 'objection' : 'rectification';
      await transition({
        auditType: 'fulfilment.requested',
        auditData: {
          sources,
          ...(decisions ? { accepted: decisions.filter((d) => d.accept).map((d) => d.index) } : {}),
          ...(objection
            ? {
                acceptedPurposes: objection.filter((d) => d.accept).map((d) => d.purpose),
                refusedPurposes: objection.filter((d) => !d.accept).map((d) => d.purpose),
              }
            : {}),
        },
        changes: {
          updatedAt: now,
          ...(decided
            ? {
                outcomeData: {
                  ...asObject(request.outcomeData),
                  [decidedKey]: {
                    decisions: decided as unknown as Prisma.InputJsonArray,
                    decidedAt: now.toISOString(),
                  },
                },
              }
            : {}),
        },
      });
      return;
    }
    case 'lift_restriction': {
      const state = restrictionState(request.outcomeData);
      if (request.type !== 'restriction' || state.liftRequestedAt !== undefined) {
        throw actionNotAllowed(input.action, request);
      }
      // The subject is e-mailed first: the restriction-lift reaction queues the mail, then records
      // `restriction.lifted`, whose fulfilment reaction lifts it in every source.
      await transition({
        auditType: 'restriction.lift_requested',
        changes: {
          updatedAt: now,
          outcomeData: {
            ...asObject(request.outcomeData),
            restriction: { ...state, liftRequestedAt: now.toISOString(), liftReason: input.reason },
          },
        },
      });
      return;
    }
    case 'start':
    case 'resume':
      // On `start` the fulfilment reaction counts each source's records for staff.
      await transition({ auditType: 'request.status_changed', changes: { updatedAt: now } });
      return;
    case 'assign': {
      if (input.assigneeId !== null && !(await findActiveWorker(tx, input.assigneeId))) {
        throw new AppError('unprocessable', 422, 'Requests are assigned to an active agent or admin.', {
          errors: [{ path: 'assigneeId', code: 'invalid_assignee', message: 'Not an active agent or admin' }],
        });
      }
      await transition({
        auditType: 'request.assigned',
        auditData: { assigneeId: input.assigneeId, previousAssigneeId: request.assigneeId },
        changes: { assigneeId: input.assigneeId, updatedAt: now },
      });
      return;
    }
    case 'request_info':
    case 'message': {
      const messageId = await createStaffMessage(tx, request.id, staff.id, input.body, false);
      await transition({
        auditType: 'message.from_staff',
        auditData: { messageId, requestsInformation: input.action === 'request_info' },
        changes: { updatedAt: now },
      });
      return;
    }
    case 'note': {
      // Not a transition: the request (status, version) stays as it is; the row lock taken above
      // orders the note with any concurrent action. Audited like the others.
      const messageId = await createStaffMessage(tx, request.id, staff.id, input.body, true);
      await appendAudit(tx, {
        requestId: request.id,
        actor: base.actor,
        type: 'request.note_added',
        fromStatus: request.status,
        toStatus: request.status,
        data: { action: 'note', version: request.version, messageId },
      });
      return;
    }
    case 'extend': {
      const check = canExtend({ ...request, now });
      if (!check.ok) throw extensionNotAllowed(check.reason, request);
      const dueAt = extendDueAt(
        request.dueAt!,
        input.months,
        ctx.controller.timeZone,
        request.verifiedAt ?? undefined,
      );
      await transition({
        auditType: 'request.extended',
        // The reason is free text that may describe the subject: it stays on the request.
        auditData: {
          months: input.months,
          dueAt: dueAt.toISOString(),
          previousDueAt: request.dueAt!.toISOString(),
        },
        changes: {
          extendedDueAt: dueAt,
          extensionMonths: input.months,
          extensionReason: input.reason,
          updatedAt: now,
        },
      });
      return;
    }
    case 'complete': {
      const openTasks = await countOpenTasks(tx, request.id);
      if (openTasks > 0) {
        throw new AppError('tasks_open', 422, `${openTasks} task(s) must be closed before completing.`, {
          openTasks,
          current: current(request),
        });
      }
      await assertFulfilled(tx, ctx.sources, request);
      await transition({
        auditType: 'request.completed',
        changes: { closedAt: now, outcome: input.outcome, updatedAt: now },
      });
      // Before the event's reaction reads it: the completion mail says whether a download is ready.
      await releasePackage(tx, { ...ctx, now }, request);
      return;
    }
    case 'deny': {
      await transition({
        auditType: 'request.denied',
        auditData: { reasonCode: input.reasonCode },
        changes: {
          closedAt: now,
          denialReasonCode: input.reasonCode,
          denialExplanation: input.explanation,
          deniedById: staff.id,
          updatedAt: now,
        },
      });
      return;
    }
  }
}

const asObject = (value: unknown): Record<string, never> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, never>) : {};

const current = (request: { status: RequestStatus; version: number }) => ({
  status: request.status,
  version: request.version,
});

// Same shape as transitionRequest's refusals: clients read `current` to reload.
function staleVersion(request: { status: RequestStatus; version: number }): AppError {
  return new AppError('stale_version', 409, 'The request was changed meanwhile; reload and try again.', {
    current: current(request),
  });
}

function actionNotAllowed(action: string, request: { status: RequestStatus; version: number }): AppError {
  return new AppError(
    'action_not_allowed',
    422,
    `"${action}" is not allowed while the request is ${request.status}.`,
    {
      current: current(request),
    },
  );
}

function extensionNotAllowed(reason: string, request: { status: RequestStatus; version: number }): AppError {
  if (reason === 'action_not_allowed') return actionNotAllowed('extend', request);
  const detail =
    reason === 'already_extended'
      ? 'The deadline was already extended once.'
      : 'The deadline has passed: it can only be extended before it.';
  return new AppError('extension_not_allowed', 422, detail, { reason, current: current(request) });
}
