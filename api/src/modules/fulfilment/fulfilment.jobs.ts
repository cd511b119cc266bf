import type { Jobs, JobsLogger, QueuePolicy } from '../../jobs/boss.ts';
import type { FulfilmentContext } from './fulfilment.context.ts';
import { matchRequest } from './match.ts';
import { buildPackage } from './package/build-package.ts';
import {
  FULFILMENT_MATCH_QUEUE,
  FULFILMENT_RUN_QUEUE,
  FULFILMENT_SETTLE_QUEUE,
  PACKAGE_BUILD_QUEUE,
  type RequestJob,
  type SourceJob,
} from './queues.ts';
import { runSource } from './runner.ts';
import { completeIfNobodyNeeded } from './self-complete.ts';
import { settleRequest } from './settle.ts';

// Fulfilment's queues and workers. Runs are `stately` per (request, source) and builds per request
// (at most one queued and one active each): a duplicate send is dropped by pg-boss. Logs carry job
// ids and source names only.

/** Retries of one source run (tests shorten them). */
export const DEFAULT_RUN_POLICY = { retryLimit: 5, retryDelay: 30, retryBackoff: true } satisfies QueuePolicy;

export interface FulfilmentJobsOptions {
  runPolicy?: QueuePolicy;
  pollingIntervalSeconds?: number;
}

export async function registerFulfilmentJobs(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  ctx: FulfilmentContext,
  logger: JobsLogger,
  options: FulfilmentJobsOptions = {},
): Promise<void> {
  const runPolicy = { ...DEFAULT_RUN_POLICY, ...options.runPolicy };
  const poll = options.pollingIntervalSeconds
    ? { pollingIntervalSeconds: options.pollingIntervalSeconds }
    : {};
  await jobs.ensureQueue(FULFILMENT_RUN_QUEUE, { ...runPolicy, policy: 'stately', expireInSeconds: 20 * 60 });
  await jobs.ensureQueue(FULFILMENT_SETTLE_QUEUE, { retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await jobs.ensureQueue(PACKAGE_BUILD_QUEUE, {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    policy: 'stately',
    expireInSeconds: 30 * 60,
  });
  await jobs.ensureQueue(FULFILMENT_MATCH_QUEUE, { retryLimit: 3, retryDelay: 10, retryBackoff: true });
  const runner = { maxAttempts: runPolicy.retryLimit + 1, retryDelaySeconds: runPolicy.retryDelay };
  await jobs.work<SourceJob>(
    FULFILMENT_RUN_QUEUE,
    async (job) => {
      await runSource(ctx, job.data, runner);
      logger.info({ jobId: job.id, source: job.data.source }, 'fulfilment: source run');
    },
    { batchSize: 4, ...poll },
  );
  await jobs.work<RequestJob>(
    FULFILMENT_SETTLE_QUEUE,
    async (job) => {
      await settleRequest(ctx, job.data.requestId);
      await completeIfNobodyNeeded(ctx, job.data.requestId);
    },
    { batchSize: 5, ...poll },
  );
  await jobs.work<RequestJob>(
    PACKAGE_BUILD_QUEUE,
    async (job) => {
      const outcome = await buildPackage(ctx, job.data.requestId);
      logger.info({ jobId: job.id, outcome }, 'fulfilment: package build');
    },
    poll,
  );
  await jobs.work<RequestJob>(
    FULFILMENT_MATCH_QUEUE,
    async (job) => {
      await matchRequest(ctx, job.data.requestId, { type: 'system' });
    },
    { batchSize: 4, ...poll },
  );
}
