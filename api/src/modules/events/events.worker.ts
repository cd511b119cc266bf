import type { RequestStatus } from '@dsr/shared/statuses';
import type { Jobs, QueuePolicy } from '../../jobs/boss.ts';
import type { AuditType } from '../audit/audit.types.ts';
import { derivedId, REQUEST_EVENT_QUEUE, type RequestEventJob, reactionQueue } from './events.queues.ts';
import { loadEvent } from './events.repository.ts';
import type { Reaction, ReactionContext } from './reaction.ts';

// Fan-out: one `request.event` job per audit event becomes one `react.<name>` job per reaction that
// wants it, with a job id fixed by (event, reaction). A reaction is retried on its own (the others
// are not re-run) and a second fan-out of the same event inserts nothing.
// Expiry is how long a job that was running when the database went away (its completion could not be
// recorded) stays `active` before pg-boss retries it: a fan-out takes milliseconds and a reaction
// seconds (they write rows and queue jobs or mail; the receipt waits up to 10 s for the run at
// verification), so 30 s; the one that calls out (effects: a webhook call up to its 60-s timeout)
// sets its own. An outage delays their work by that much plus maintenance
// (MAINTENANCE_INTERVAL_SECONDS), not by pg-boss's 15-minute default. A reaction that overruns its
// expiry is run again, which it tolerates (idempotent).
const FAN_OUT_POLICY = {
  retryLimit: 50,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 30,
  retentionMinutes: 7 * 24 * 60,
};
// A reaction that keeps failing (SMTP is not its concern: the mail queue retries on its own) is
// retried with backoff for about a day, then left failed in pgboss.job for an operator to look at.
export const REACTION_POLICY = {
  retryLimit: 16,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 30,
  retentionMinutes: 7 * 24 * 60,
} satisfies QueuePolicy;

export interface EventWorkerOptions {
  /** Overrides of REACTION_POLICY (tests shorten the retry delay). */
  policy?: QueuePolicy;
  pollingIntervalSeconds?: number;
}

export async function registerEventWorkers(
  jobs: Pick<Jobs, 'boss' | 'ensureQueue' | 'work' | 'enqueue'>,
  ctx: ReactionContext,
  reactions: readonly Reaction[],
  options: EventWorkerOptions = {},
): Promise<void> {
  const names = new Set(reactions.map((r) => r.name));
  if (names.size !== reactions.length) throw new Error('events: two reactions share a name');
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 };
  await jobs.ensureQueue(REQUEST_EVENT_QUEUE, FAN_OUT_POLICY);
  const workers = new Map<string, string>();
  for (const reaction of reactions) {
    const queue = reactionQueue(reaction.name);
    await jobs.ensureQueue(queue, {
      ...REACTION_POLICY,
      ...(reaction.expireInSeconds ? { expireInSeconds: reaction.expireInSeconds } : {}),
      ...options.policy,
    });
    const workerId = await jobs.work<RequestEventJob>(
      queue,
      async (job) => {
        const event = await loadEvent(ctx.prisma, job.data.eventId, reaction.name);
        if (!event) return; // cannot happen (audit rows are never deleted); nothing to react to
        await reaction.handle(ctx, event);
      },
      { batchSize: 10, ...polling },
    );
    workers.set(reaction.name, workerId);
  }
  await jobs.work<RequestEventJob>(
    REQUEST_EVENT_QUEUE,
    async (job) => {
      const { eventId, requestId, type, toStatus } = job.data;
      for (const reaction of reactions) {
        if (!reaction.on(type as AuditType, toStatus as RequestStatus | null | undefined)) continue;
        await jobs.enqueue(
          reactionQueue(reaction.name),
          {
            eventId,
            requestId,
            type,
            ...(toStatus !== undefined ? { toStatus } : {}),
          } satisfies RequestEventJob,
          { id: derivedId(eventId, reaction.name) },
        );
        jobs.boss.notifyWorker(workers.get(reaction.name)!);
      }
    },
    { batchSize: 20, ...polling },
  );
}
