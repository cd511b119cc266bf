import type { ControllerConfig } from '@dsr/shared/controller';
import type { AppConfig } from './config.ts';
import { createPrisma } from './db/client.ts';
import type { PrismaClient } from './db/types.ts';
import { createJobs, type Jobs, type JobsLogger, type QueuePolicy } from './jobs/boss.ts';
import { registerMailWorker } from './mail/mail.worker.ts';
import { createTransport } from './mail/transport.ts';
import { registerAccessLinkWorker } from './modules/access-links/access-links.jobs.ts';
import { registerEventWorkers } from './modules/events/events.worker.ts';
import type { Reaction } from './modules/events/reaction.ts';
import { art19NoticesReaction } from './modules/events/reactions/art19-notices.ts';
import { effectsReaction } from './modules/events/reactions/effects.ts';
import { fulfilmentReaction } from './modules/events/reactions/fulfilment.ts';
import { restrictionLiftReaction } from './modules/events/reactions/restriction-lift.ts';
import { staffNoticesReaction } from './modules/events/reactions/staff-notices.ts';
import { subjectMailsReaction } from './modules/events/reactions/subject-mails.ts';
import { transferMailReaction } from './modules/events/reactions/transfer-mail.ts';
import { registerArt19Worker } from './modules/fulfilment/art19.ts';
import { type BlobStore, createBlobStore } from './modules/fulfilment/blob-store.ts';
import type { DataMap } from './modules/fulfilment/datamap.schema.ts';
import type { SourceRegistry } from './modules/fulfilment/fulfilment.context.ts';
import { registerFulfilmentJobs } from './modules/fulfilment/fulfilment.jobs.ts';
import { registerGpcWebhookWorker } from './modules/fulfilment/gpc-webhook.ts';
import { createSources } from './modules/fulfilment/sources/index.ts';
import { registerWebhookDeliveryWorker } from './modules/fulfilment/webhook-delivery.ts';
import { registerRetentionJobs } from './modules/retention/retention.jobs.ts';
import { registerStaffNoticeJobs } from './modules/staff-notices/staff-notices.jobs.ts';

// Everything behind the HTTP layer, wired the same way for the server and for the tests:
// the Prisma client, the job queue with its workers, and the mail transport.

/** What happens after a request event (modules/events): add a reaction here, in one line. */
export const REACTIONS: readonly Reaction[] = [
  subjectMailsReaction,
  staffNoticesReaction,
  transferMailReaction,
  fulfilmentReaction,
  effectsReaction,
  restrictionLiftReaction,
  art19NoticesReaction,
];

export interface Runtime {
  prisma: PrismaClient;
  jobs: Jobs;
  /** Packages and attachments (BLOB_STORE), shared with the HTTP layer (AppDeps.blobs). */
  blobs: BlobStore;
  /** The data map's sources, shared with the HTTP layer (AppDeps.sources). */
  sources: SourceRegistry & { close?(): Promise<void> };
  /** Stops workers, the mail transport and the pools, in that order. */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  config: AppConfig;
  controller: ControllerConfig;
  /**
   * Where the controller keeps personal data (DATA_MAP, or the built-in customer area); webhook
   * deliveries read their URL, secret and timeout from it.
   */
  dataMap: DataMap;
  databaseUrl: string;
  logger: JobsLogger;
  /** Overrides of the mail queue policy (tests shorten retry delays). */
  mailPolicy?: QueuePolicy;
  /** Overrides of the webhook delivery policy (tests shorten retry delays). */
  webhookPolicy?: QueuePolicy;
  /** Overrides of the reaction queues' policy (tests shorten retry delays). */
  reactionPolicy?: QueuePolicy;
  /** The reactions to request events; default REACTIONS. */
  reactions?: readonly Reaction[];
  pollingIntervalSeconds?: number;
  /** The data map's sources; closed by stop(). */
  sources?: SourceRegistry & { close?(): Promise<void> };
  /** Overrides of the fulfilment run retries (tests make a failing source fail fast). */
  fulfilmentRunPolicy?: QueuePolicy;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, controller, logger } = options;
  const prisma = createPrisma(options.databaseUrl);
  const jobs = await createJobs({ databaseUrl: options.databaseUrl, logger });
  const blobs = createBlobStore(prisma, config.blobStore);
  const transport = createTransport({
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    from: config.mailFrom ?? controller.contactEmail,
    logger,
  });
  const polling = options.pollingIntervalSeconds
    ? { pollingIntervalSeconds: options.pollingIntervalSeconds }
    : {};
  const mailWorker = await registerMailWorker(jobs, transport, {
    logger,
    ...(options.mailPolicy ? { policy: options.mailPolicy } : {}),
    ...polling,
  });
  // Before the reactions start: the fulfilment reaction queues into these.
  const sources =
    options.sources ?? createSources(options.dataMap, { builtinDatabaseUrl: options.databaseUrl, prisma });
  await registerFulfilmentJobs(
    jobs,
    { prisma, blobs, controller, sources, publicUrl: config.publicUrl },
    logger,
    { ...(options.fulfilmentRunPolicy ? { runPolicy: options.fulfilmentRunPolicy } : {}), ...polling },
  );
  // Before anything can write an audit event: every request event needs its queue.
  await registerEventWorkers(
    jobs,
    {
      prisma,
      controller,
      publicUrl: config.publicUrl,
      logger,
      mailQueued: () => jobs.boss.notifyWorker(mailWorker),
      sources,
    },
    options.reactions ?? REACTIONS,
    { ...(options.reactionPolicy ? { policy: options.reactionPolicy } : {}), ...polling },
  );
  await registerArt19Worker(
    jobs,
    { prisma, controller, logger },
    {
      ...(options.webhookPolicy ? { policy: options.webhookPolicy } : {}),
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    },
  );
  await registerWebhookDeliveryWorker(
    jobs,
    { prisma, sources: options.dataMap.sources, publicUrl: config.publicUrl, logger },
    {
      ...(options.webhookPolicy ? { policy: options.webhookPolicy } : {}),
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    },
  );
  await registerGpcWebhookWorker(
    jobs,
    { prisma, sources: options.dataMap.sources, logger },
    {
      ...(options.webhookPolicy ? { policy: options.webhookPolicy } : {}),
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    },
  );
  await registerRetentionJobs(jobs, { prisma, blobs }, controller, logger);
  await registerStaffNoticeJobs(jobs, { prisma, controller, publicUrl: config.publicUrl }, logger);
  await registerAccessLinkWorker(jobs, { prisma }, polling);
  return {
    prisma,
    jobs,
    blobs,
    sources,
    async stop() {
      await jobs.stop();
      await sources.close?.();
      blobs.close();
      transport.close();
      await prisma.$disconnect();
    },
  };
}
