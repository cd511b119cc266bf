import { appealDeadline } from '@dsr/shared/deadline';
import type { Locale } from '@dsr/shared/text';
import { asLocale } from '@dsr/shared/text';
import type { Prisma, Tx } from '../../../db/types.ts';
import { prismaTxExecutor } from '../../../jobs/prisma-executor.ts';
import type { RenderedMail } from '../../../mail/mail.types.ts';
import { mailJobExists } from '../../../mail/mailer.ts';
import type { AuditType } from '../../audit/audit.types.ts';
import { correctionsOf, decisionsOf, objectionLines } from '../../fulfilment/effects.ts';
import { erasureMailLines, loadErasureOutcome } from '../../fulfilment/erasure-outcome.ts';
import { sourcesFor } from '../../fulfilment/plan.ts';
import {
  appealReceiptMail,
  completionMail,
  denialMail,
  extensionMail,
  requestInfoMail,
  staffMessageMail,
} from '../../notifications/staff-mails.ts';
import {
  accessLinkMail,
  cancellationMail,
  receiptMail,
  verificationMail,
} from '../../notifications/subject-mails.ts';
import { verificationMailAllowed } from '../../rate-limits/mailbox-cap.ts';
import { lockRequest } from '../../requests/request.lock.ts';
import { issueLinkToken, issueMailLinkToken, linkUrl } from '../../tokens/tokens.repository.ts';
import { isAutoAcknowledged } from '../../verification/verification.service.ts';
import { queueEventMails } from '../event-mail.ts';
import { derivedId } from '../events.queues.ts';
import { findMailRequest, findStaffMessageBody, type MailRequest } from '../events.repository.ts';
import { defineReaction, type ReactionContext, type RequestEvent } from '../reaction.ts';

// The mails the subject receives, one per event, rendered when the reaction runs: from the request
// as it is now (its locale, texts the staff wrote, dates) and the per-locale builders in
// notifications/. Link tokens are issued here, in the transaction that queues their mail. Every mail
// that invites the subject back carries a link of its own (purpose mail: single use, valid as long
// as what the mail offers), so it opens the request in any browser without asking for a new link.

const MAILED: ReadonlySet<AuditType> = new Set<AuditType>([
  'request.received',
  'request.verified',
  'request.cancelled',
  'message.from_staff',
  'request.extended',
  'request.completed',
  'request.denied',
  'access_link.sent',
]);

export const subjectMailsReaction = defineReaction({
  name: 'subject-mails',
  on: (type) => MAILED.has(type),
  async handle(ctx, event) {
    // A request that needs nobody: its receipt waits (briefly) for the run at verification, so that
    // the first mail says what changed when it is already done.
    if (event.type === 'request.verified') await awaitAutomaticRun(ctx, event.requestId);
    await queueEventMails(ctx, event, async (tx) => {
      // The receipt and an automatic completion take turns on the request (see receiptCarries).
      await lockRequest(tx, event.requestId);
      const request = await findMailRequest(tx, event.requestId);
      // A request whose personal data retention removed has no address left to write to.
      if (!request?.email || request.personalDataPurgedAt) return [];
      const mail = await render(tx, ctx, event, request);
      return mail ? [{ key: 'subject', mail }] : [];
    });
  },
});

/** Each decided correction of a rectification, in the subject's words. */
async function correctionLines(tx: Tx, requestId: string, locale: Locale) {
  const row = await tx.request.findUnique({
    where: { id: requestId },
    select: { details: true, outcomeData: true },
  });
  const corrections = correctionsOf((row?.details ?? {}) as Record<string, unknown>);
  return decisionsOf(row?.outcomeData).map((d) => ({
    label: d.label?.[locale] ?? corrections[d.index]?.field ?? '',
    value: corrections[d.index]?.correctedValue ?? '',
    accepted: d.accept,
    reason: d.reason ?? null,
  }));
}

async function render(
  tx: Tx,
  ctx: ReactionContext,
  event: RequestEvent,
  request: MailRequest,
): Promise<RenderedMail | null> {
  const locale: Locale = asLocale(request.locale);
  const common = { to: request.email, locale, reference: request.reference, controller: ctx.controller };
  /** The mail's own link, valid until `offerEnds` (and at least 30 days). */
  const withLink = async (offerEnds: Date | null) => {
    const { token, expiresAt } = await issueMailLinkToken(tx, request.id, event.at, offerEnds);
    return { ...common, statusUrl: linkUrl(ctx.publicUrl, token), linkExpiresAt: expiresAt };
  };
  const base = { ...common, statusUrl: `${ctx.publicUrl}/status` };
  const dueAt = request.dueAt;
  switch (event.type) {
    case 'request.received':
      if (request.appealOf && dueAt) {
        return appealReceiptMail({
          ...(await withLink(dueAt)),
          appealedReference: request.appealOf.reference,
          dueAt,
        });
      }
      if (event.toStatus !== 'pending_verification') return null;
      if (!(await verificationMailAllowed(tx, request.email, event.at))) {
        ctx.logger.warn(
          { requestId: request.id, eventId: event.id },
          'verification mail not sent: this mailbox had its share for today (modules/rate-limits)',
        );
        return null;
      }
      // The token's 24 hours count from the filing, as if it had been issued in that transaction.
      return verificationMail({
        ...base,
        type: request.type,
        link: linkUrl(ctx.publicUrl, await issueLinkToken(tx, request.id, event.at, { revokeOlder: false })),
      });
    case 'access_link.sent':
      if (request.status === 'expired') return null;
      return accessLinkMail({
        ...base,
        link: linkUrl(ctx.publicUrl, await issueLinkToken(tx, request.id, event.at)),
      });
    case 'request.verified': {
      if (!dueAt) return null;
      // Completed by itself before this receipt: the receipt says so and lists what changed, and
      // the completion sends no mail of its own (it finds the mark below).
      const done = request.status === 'completed' && completedBySystem(request.outcomeData);
      if (done) await markReceiptCarriesOutcome(tx, request.id, request.outcomeData);
      return receiptMail({
        ...(await withLink(done ? null : dueAt)),
        type: request.type,
        dueAt,
        acknowledged: isAutoAcknowledged(request.type, request.details),
        done: done ? (request.outcome ?? '') : undefined,
      });
    }
    case 'request.cancelled':
      return cancellationMail(await withLink(null));
    case 'message.from_staff': {
      const messageId = event.data.messageId;
      const body =
        typeof messageId === 'string' ? await findStaffMessageBody(tx, request.id, messageId) : null;
      if (body === null) return null;
      const linked = await withLink(request.extendedDueAt ?? dueAt);
      return event.data.requestsInformation === true
        ? requestInfoMail({ ...linked, body })
        : staffMessageMail({ ...linked, body });
    }
    case 'request.extended':
      if (!request.extendedDueAt || !request.extensionMonths) return null;
      return extensionMail({
        ...(await withLink(request.extendedDueAt)),
        months: request.extensionMonths,
        reason: request.extensionReason ?? '',
        dueAt: request.extendedDueAt,
      });
    case 'request.completed': {
      // Completed by the system: the receipt carries it, unless it went out before (see above).
      if (event.data.automatic === true && !(await receiptWentBefore(tx, request))) return null;
      // The package released by `complete`: a download for the subject, or a transfer link.
      const released = await tx.download.findFirst({
        where: { requestId: request.id },
        orderBy: { createdAt: 'desc' },
        select: { transferredTo: true, expiresAt: true },
      });
      const download = released ? (released.transferredTo ? 'transferred' : 'ready') : null;
      // Erasure: what was erased and each item retained with its reason, in the request's language.
      const erasure = erasureMailLines(
        await loadErasureOutcome(tx, { id: request.id, type: request.type }, base.locale),
        base.locale,
      );
      // Valid as long as the download is.
      const linked = await withLink(download === 'ready' ? (released?.expiresAt ?? null) : null);
      return completionMail({
        ...linked,
        outcome: request.outcome ?? '',
        download,
        erasure,
        ...(request.type === 'rectification'
          ? { corrections: await correctionLines(tx, request.id, base.locale) }
          : {}),
        ...(request.type === 'objection'
          ? { objections: objectionLines(request.outcomeData, base.locale) }
          : {}),
      });
    }
    case 'request.denied': {
      if (!request.denialReasonCode) return null;
      const appealUntil =
        request.appealOfId || !request.closedAt
          ? null
          : appealDeadline(request.closedAt, ctx.controller.timeZone);
      // Valid for the whole appeal window.
      return denialMail({
        ...(await withLink(appealUntil)),
        reasonCode: request.denialReasonCode,
        explanation: request.denialExplanation ?? '',
        appealUntil,
      });
    }
    default:
      return null;
  }
}

/** How long a receipt waits for the run at verification at most (then it says "acknowledged"). */
export const RECEIPT_WAIT_MS = 10_000;
/** Once every source is done, how long it waits for the self-completion (settle) after that. */
const SETTLE_WAIT_MS = 3_000;

/**
 * Waits until the request that its verification fulfils (consent withdrawal, objection to direct
 * marketing alone) completed by itself, or some source answered a failure, a wait for a callback or a
 * task, or the bound passed. Returns at once for any other request.
 */
async function awaitAutomaticRun(ctx: ReactionContext, requestId: string): Promise<void> {
  const request = await ctx.prisma.request.findUnique({
    where: { id: requestId },
    select: { type: true, details: true },
  });
  if (!request || !isAutoAcknowledged(request.type, request.details)) return;
  if (!ctx.sources || sourcesFor(ctx.sources, request.type).length === 0) return;
  const start = Date.now();
  let allDoneAt: number | null = null;
  while (Date.now() - start < RECEIPT_WAIT_MS) {
    const [now, rows, tasks] = await Promise.all([
      ctx.prisma.request.findUnique({ where: { id: requestId }, select: { status: true } }),
      ctx.prisma.fulfilmentSource.findMany({
        where: { requestId },
        select: { state: true, lastError: true, result: true },
      }),
      ctx.prisma.task.count({ where: { requestId, status: 'open' } }),
    ]);
    if (now?.status !== 'verified') return;
    const stuck = rows.some(
      (r) =>
        r.state === 'failed' ||
        r.lastError !== null ||
        (r.result as { delivery?: unknown } | null)?.delivery === 'accepted',
    );
    if (stuck || tasks > 0) return;
    if (rows.length > 0 && rows.every((r) => r.state === 'done')) {
      allDoneAt ??= Date.now();
      if (Date.now() - allDoneAt > SETTLE_WAIT_MS) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const completedBySystem = (outcomeData: unknown) =>
  (outcomeData as { completedBy?: unknown } | null)?.completedBy === 'system';

/** Marks a self-completed request whose receipt said it was done (so no completion mail follows). */
async function markReceiptCarriesOutcome(tx: Tx, requestId: string, outcomeData: unknown) {
  const previous = (outcomeData ?? {}) as Prisma.InputJsonObject;
  await tx.request.update({
    where: { id: requestId },
    data: { outcomeData: { ...previous, receiptCarriesOutcome: true } },
  });
}

/**
 * An automatic completion's mail goes out only when the receipt was mailed before it, saying
 * "acknowledged". Both hold the request's lock: a receipt not yet queued will see the completion.
 */
async function receiptWentBefore(tx: Tx, request: MailRequest): Promise<boolean> {
  if ((request.outcomeData as { receiptCarriesOutcome?: unknown } | null)?.receiptCarriesOutcome) {
    return false;
  }
  const verified = await tx.auditEvent.findFirst({
    where: { requestId: request.id, type: 'request.verified' },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (!verified) return true;
  return mailJobExists(
    prismaTxExecutor(tx),
    derivedId(String(verified.id), subjectMailsReaction.name, 'subject'),
  );
}
