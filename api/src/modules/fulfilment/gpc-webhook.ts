import type { PrismaClient } from '../../db/types.ts';
import type { Jobs, JobsLogger, QueuePolicy } from '../../jobs/boss.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { derivedId } from '../events/events.queues.ts';
import type { SourceConfig, WebhookSourceConfig } from './datamap.schema.ts';
import { WEBHOOK_GPC_QUEUE } from './queues.ts';
import { SourceError } from './sources/source.ts';
import { WEBHOOK_QUEUE_POLICY } from './webhook-delivery.ts';
import { httpFailure, signedPost } from './webhook-http.ts';

// Global Privacy Control to webhook sources: a request filed with `Sec-GPC: 1` stands for an
// objection to direct marketing and a withdrawal of advertising-cookie consent. Each webhook source
// whose `types` include `objection` (resp. `consent_withdrawal`) receives it as it would an explicit
// request of that type (`event: dsr.objection`, `details: {purposes: ["direct_marketing"]}`, and
// `gpc: true`), signed like any delivery. The job carries ids and names only; the body is built here.
// Retried with the deliveries' backoff; every failed attempt and the delivery are audited
// (`effects.gpc_delivery_failed`, `effects.gpc_delivered`), and a delivered one is never sent again.

export type GpcKind = 'objection' | 'consent_withdrawal';

export const GPC_DETAILS: Record<GpcKind, { purposes: string[] }> = {
  objection: { purposes: ['direct_marketing'] },
  consent_withdrawal: { purposes: ['advertising_cookies'] },
};

export interface GpcWebhookJob {
  requestId: string;
  source: string;
  kind: GpcKind;
}

/** The webhook sources told of GPC, with what each receives. */
export function gpcDeliveries(sources: readonly SourceConfig[]): Array<{ source: string; kind: GpcKind }> {
  return sources.flatMap((s) =>
    s.kind === 'webhook'
      ? (['objection', 'consent_withdrawal'] as const)
          .filter((kind) => s.types.includes(kind))
          .map((kind) => ({ source: s.name, kind }))
      : [],
  );
}

/** The delivery's id: the same on every retry (receivers dedupe on it). */
export const gpcDeliveryId = (job: GpcWebhookJob) => derivedId(job.requestId, 'gpc', job.source, job.kind);

export async function registerGpcWebhookWorker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  deps: { prisma: PrismaClient; sources: readonly SourceConfig[]; logger: JobsLogger },
  options: { policy?: QueuePolicy; pollingIntervalSeconds?: number } = {},
): Promise<void> {
  const { deadLetter: _none, ...policy } = { ...WEBHOOK_QUEUE_POLICY, ...options.policy };
  await jobs.ensureQueue(WEBHOOK_GPC_QUEUE, policy);
  await jobs.work<GpcWebhookJob>(
    WEBHOOK_GPC_QUEUE,
    async (job) => {
      await deliverGpc(deps, job.data);
    },
    { batchSize: 4, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
  );
}

export async function deliverGpc(
  deps: { prisma: PrismaClient; sources: readonly SourceConfig[]; logger: JobsLogger },
  job: GpcWebhookJob,
): Promise<'done' | 'skipped'> {
  const { prisma } = deps;
  const config = deps.sources.find(
    (s): s is WebhookSourceConfig => s.kind === 'webhook' && s.name === job.source,
  );
  if (!config) return 'skipped';
  const mine = { requestId: job.requestId, data: { path: ['source'], equals: job.source } } as const;
  const events = await prisma.auditEvent.findMany({
    where: { ...mine, type: { in: ['effects.gpc_delivered', 'effects.gpc_delivery_failed'] } },
    select: { type: true, data: true },
  });
  const ofKind = events.filter((e) => (e.data as { kind?: unknown }).kind === job.kind);
  if (ofKind.some((e) => e.type === 'effects.gpc_delivered')) return 'skipped';
  const attempt = ofKind.length + 1;
  const request = await prisma.request.findUniqueOrThrow({
    where: { id: job.requestId },
    select: {
      reference: true,
      email: true,
      identifiers: { select: { kind: true, value: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  const body = JSON.stringify({
    id: gpcDeliveryId(job),
    event: `dsr.${job.kind}`,
    reference: request.reference,
    type: job.kind,
    subject: { email: request.email, identifiers: request.identifiers },
    details: GPC_DETAILS[job.kind],
    gpc: true,
  });
  const audit = (
    type: 'effects.gpc_delivered' | 'effects.gpc_delivery_failed',
    data: { code: string } | { status: number },
  ) =>
    prisma.$transaction((tx) =>
      appendAudit(tx, {
        requestId: job.requestId,
        actor: { type: 'system' },
        type,
        data: { source: job.source, kind: job.kind, attempt, ...data },
      }),
    );
  let status: number;
  try {
    const response = await signedPost(config, body, new Date());
    await response.body?.cancel();
    status = response.status;
    if (status < 200 || status > 299) throw httpFailure(status);
  } catch (err) {
    const code = err instanceof SourceError ? err.code : 'source_unreachable';
    await audit('effects.gpc_delivery_failed', { code });
    deps.logger.warn({ source: job.source, attempt, code }, 'webhook: GPC delivery failed, will retry');
    throw err;
  }
  await audit('effects.gpc_delivered', { status });
  return 'done';
}
