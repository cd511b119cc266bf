import type { Prisma } from '../../../db/types.ts';
import { enqueueInTx } from '../../../jobs/boss.ts';
import { prismaTxExecutor } from '../../../jobs/prisma-executor.ts';
import { appendAudit } from '../../audit/audit.repository.ts';
import type { AuditType } from '../../audit/audit.types.ts';
import { gpcDeliveries } from '../../fulfilment/gpc-webhook.ts';
import { WEBHOOK_GPC_QUEUE } from '../../fulfilment/queues.ts';
import { requestFulfilment } from '../../fulfilment/request-fulfilment.ts';
import type { EffectRequest } from '../../fulfilment/sources/source.ts';
import { loadSubject } from '../../fulfilment/subject-identity.ts';
import { lockRequest } from '../../requests/request.lock.ts';
import { isAutoAcknowledged } from '../../verification/verification.service.ts';
import { derivedId } from '../events.queues.ts';
import { defineReaction, type ReactionContext, type RequestEvent } from '../reaction.ts';

// What the subject's verification changes at once, without staff review:
// - a consent withdrawal (Art. 7(3)) or an objection to direct marketing (Art. 21(3)): its
//   fulfilment runs in every source, as if staff had run `fulfil` (system actor,
//   `fulfilment.requested` with `automatic: true`); the run jobs follow that event, and the request
//   completes by itself once every source applied its effects (self-complete.ts);
// - `Sec-GPC: 1` on the filing (any type): the direct-marketing objection and the withdrawal of
//   advertising-cookie consent, applied here in every source that has effects of its own
//   (`effects.gpc_applied` lists what changed); webhook sources receive it as an explicit request.

/** What Global Privacy Control stands for: an objection and a consent withdrawal. */
export const GPC_EFFECTS: readonly EffectRequest[] = [
  { kind: 'objection', purpose: 'direct_marketing' },
  { kind: 'consent_withdrawal', purpose: 'advertising_cookies' },
];

const ON: ReadonlySet<AuditType> = new Set<AuditType>(['request.verified']);

export const effectsReaction = defineReaction({
  name: 'effects',
  // It calls the sources (the automatic run, then GPC with a 60-s budget): longer than the default.
  expireInSeconds: 120,
  on: (type) => ON.has(type),
  async handle(ctx, event) {
    await runAutomatic(ctx, event);
    await applyGpc(ctx, event);
  },
});

async function runAutomatic(ctx: ReactionContext, event: RequestEvent): Promise<void> {
  const sources = ctx.sources;
  if (!sources) return;
  await ctx.prisma.$transaction(async (tx) => {
    const request = await tx.request.findUnique({
      where: { id: event.requestId },
      select: { id: true, type: true, status: true, details: true },
    });
    if (request?.status !== 'verified' || !appliesAtVerification(request)) return;
    // Retried reaction, or staff already ran it: the rows exist, nothing is asked twice.
    await lockRequest(tx, request.id);
    if ((await tx.fulfilmentSource.count({ where: { requestId: request.id } })) > 0) return;
    const { sources: names } = await requestFulfilment(tx, sources, request);
    if (names.length === 0) return; // nothing can apply it: staff handle the request
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'system' },
      type: 'fulfilment.requested',
      data: { sources: names, automatic: true },
    });
  });
}

/**
 * Consent withdrawal, and any objection naming direct marketing (only that purpose is applied now:
 * the others wait for staff, effects.ts).
 */
function appliesAtVerification(request: { type: string; details: unknown }): boolean {
  if (isAutoAcknowledged(request.type as never, request.details)) return true;
  const purposes = (request.details as { purposes?: unknown } | null)?.purposes;
  return request.type === 'objection' && Array.isArray(purposes) && purposes.includes('direct_marketing');
}

async function applyGpc(ctx: ReactionContext, event: RequestEvent): Promise<void> {
  const row = await ctx.prisma.request.findUnique({ where: { id: event.requestId }, select: { gpc: true } });
  if (!row?.gpc) return;
  // Webhook sources are told like an explicit request (gpc-webhook.ts); the job ids are derived,
  // so a retried reaction queues nothing twice.
  const deliveries = gpcDeliveries(ctx.sources?.list.map((s) => s.config) ?? []);
  if (deliveries.length > 0) {
    await ctx.prisma.$transaction(async (tx) => {
      for (const d of deliveries) {
        await enqueueInTx(
          prismaTxExecutor(tx),
          WEBHOOK_GPC_QUEUE,
          { requestId: event.requestId, source: d.source, kind: d.kind },
          { id: derivedId(event.id, event.reaction, WEBHOOK_GPC_QUEUE, d.source, d.kind) },
        );
      }
    });
  }
  const sources = ctx.sources?.list.filter((s) => s.applyEffects) ?? [];
  if (sources.length === 0) return;
  const done = await ctx.prisma.auditEvent.count({
    where: { requestId: event.requestId, type: 'effects.gpc_applied' },
  });
  if (done > 0) return;
  const loaded = await loadSubject(ctx.prisma, event.requestId);
  if (!loaded) return;
  const changes: Prisma.InputJsonObject[] = [];
  const context = { now: event.at, signal: AbortSignal.timeout(60_000) };
  // Each source's effects are idempotent: a retry after a failure re-applies nothing twice.
  for (const source of sources) {
    const answer = await source.applyEffects!(loaded.request, loaded.subject, GPC_EFFECTS, context);
    if (answer.state !== 'done') continue;
    for (const c of answer.changes) changes.push({ source: source.config.name, ...c });
  }
  await ctx.prisma.$transaction(async (tx) => {
    await lockRequest(tx, event.requestId);
    const again = await tx.auditEvent.count({
      where: { requestId: event.requestId, type: 'effects.gpc_applied' },
    });
    if (again > 0) return;
    await appendAudit(tx, {
      requestId: event.requestId,
      actor: { type: 'system' },
      type: 'effects.gpc_applied',
      data: { changes },
    });
  });
}
