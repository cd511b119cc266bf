import { asLocale } from '@dsr/shared/text';
import type { Prisma } from '../../../db/types.ts';
import { appendAudit } from '../../audit/audit.repository.ts';
import { restrictionState } from '../../fulfilment/effects.ts';
import { restrictionLiftMail } from '../../notifications/staff-mails.ts';
import { queueEventMails } from '../event-mail.ts';
import { findMailRequest } from '../events.repository.ts';
import { defineReaction } from '../reaction.ts';

// Lifting a restriction (Art. 18(3)): staff decide it (`lift_restriction`, audited
// `restriction.lift_requested`); this reaction queues the subject's mail and, in the same
// transaction, records `restriction.lifted` and sets the request's sources pending again, so the
// lift reaches the sources (the fulfilment reaction runs them) only once the mail is queued.

export const restrictionLiftReaction = defineReaction({
  name: 'restriction-lift',
  on: (type) => type === 'restriction.lift_requested',
  async handle(ctx, event) {
    await queueEventMails(ctx, event, async (tx) => {
      const request = await findMailRequest(tx, event.requestId);
      const row = await tx.request.findUnique({
        where: { id: event.requestId },
        select: { outcomeData: true },
      });
      if (!request || !row) return [];
      const state = restrictionState(row.outcomeData);
      if (state.liftedAt !== undefined) return []; // done by an earlier run
      const reason = (state as { liftReason?: string }).liftReason ?? '';
      const mail = restrictionLiftMail({
        to: request.email,
        locale: asLocale(request.locale),
        reference: request.reference,
        statusUrl: `${ctx.publicUrl}/status`,
        controller: ctx.controller,
        reason,
      });
      const outcomeData = {
        ...(row.outcomeData as Prisma.InputJsonObject),
        restriction: { ...state, liftedAt: event.at.toISOString() },
      } as Prisma.InputJsonObject;
      await tx.request.update({ where: { id: event.requestId }, data: { outcomeData } });
      const sources = await tx.fulfilmentSource.findMany({
        where: { requestId: event.requestId },
        select: { source: true },
      });
      await tx.fulfilmentSource.updateMany({
        where: { requestId: event.requestId },
        data: {
          state: 'pending',
          attempts: 0,
          lastError: null,
          nextAttemptAt: null,
          startedAt: null,
          finishedAt: null,
        },
      });
      await appendAudit(tx, {
        requestId: event.requestId,
        actor: { type: 'system' },
        type: 'restriction.lifted',
        data: { sources: sources.map((s) => s.source) },
      });
      // A request whose personal data was removed has no address: the lift goes ahead unmailed.
      return request.email && !request.personalDataPurgedAt ? [{ key: 'subject', mail }] : [];
    });
  },
});
