import { type EnqueueOptions, enqueueInTx } from '../../../jobs/boss.ts';
import { prismaTxExecutor } from '../../../jobs/prisma-executor.ts';
import type { AuditType } from '../../audit/audit.types.ts';
import { hasFulfilment } from '../../fulfilment/plan.ts';
import {
  FULFILMENT_MATCH_QUEUE,
  FULFILMENT_RUN_QUEUE,
  FULFILMENT_SETTLE_QUEUE,
  PACKAGE_BUILD_QUEUE,
  type RequestJob,
  type SourceJob,
} from '../../fulfilment/queues.ts';
import { derivedId } from '../events.queues.ts';
import { defineReaction, type ReactionContext, type RequestEvent } from '../reaction.ts';

// Fulfilment's workers follow request events: the use cases (staff actions, task closing, webhook
// callbacks, review) write their rows and one audit event; this reaction queues the jobs that do the
// work. Job ids are derived from (event, reaction, part), so a retried reaction queues nothing twice;
// run and build jobs also keep their singleton key (at most one queued per source or request).

const HANDLED: ReadonlySet<AuditType> = new Set<AuditType>([
  'fulfilment.requested',
  'fulfilment.source_retried',
  'fulfilment.source_done',
  'fulfilment.source_failed',
  'fulfilment.record_excluded',
  'task.closed',
  'request.status_changed',
  'identifier.added',
  'restriction.lifted',
]);

interface Job {
  queue: string;
  data: SourceJob | RequestJob;
  key: string;
  singletonKey?: string;
}

export const fulfilmentReaction = defineReaction({
  name: 'fulfilment',
  on: (type) => HANDLED.has(type),
  async handle(ctx, event) {
    const jobs = await jobsFor(ctx, event);
    if (jobs.length === 0) return;
    await ctx.prisma.$transaction(async (tx) => {
      const executor = prismaTxExecutor(tx);
      for (const job of jobs) {
        const options: EnqueueOptions = { id: derivedId(event.id, event.reaction, job.queue, job.key) };
        if (job.singletonKey) options.singletonKey = job.singletonKey;
        await enqueueInTx(executor, job.queue, job.data, options);
      }
    });
  },
});

/** The jobs an event asks for; names of sources come from the event (configuration, not personal data). */
async function jobsFor(ctx: ReactionContext, event: RequestEvent): Promise<Job[]> {
  const { requestId } = event;
  const run = (source: string): Job => ({
    queue: FULFILMENT_RUN_QUEUE,
    data: { requestId, source },
    key: source,
    singletonKey: `${requestId}:${source}`,
  });
  const settle: Job = { queue: FULFILMENT_SETTLE_QUEUE, data: { requestId }, key: '' };
  const match: Job = { queue: FULFILMENT_MATCH_QUEUE, data: { requestId }, key: '' };
  switch (event.type) {
    case 'fulfilment.requested': {
      const sources = stringList(event.data.sources);
      // Nothing to run (no source handles the type): settle at once, which builds the package if any.
      return sources.length > 0 ? sources.map(run) : [settle];
    }
    case 'restriction.lifted':
      // The subject was mailed in the transaction that wrote this event: the sources lift it now.
      return stringList(event.data.sources).map(run);
    case 'fulfilment.source_retried':
      return typeof event.data.source === 'string' ? [run(event.data.source)] : [];
    case 'fulfilment.source_done':
    case 'fulfilment.source_failed':
      return [settle];
    case 'task.closed':
      // Closing settled its source (that event settles) unless it says otherwise.
      return event.data.settles === true ? [settle] : [];
    case 'fulfilment.record_excluded':
      return [{ queue: PACKAGE_BUILD_QUEUE, data: { requestId }, key: '', singletonKey: requestId }];
    case 'identifier.added':
      return [match];
    case 'request.status_changed': {
      // `start` (verified → in_progress): staff see each source's count before they fulfil.
      if (event.fromStatus !== 'verified' || event.toStatus !== 'in_progress') return [];
      const request = await ctx.prisma.request.findUnique({
        where: { id: requestId },
        select: { type: true },
      });
      return request && hasFulfilment(request.type) ? [match] : [];
    }
    default:
      return [];
  }
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
