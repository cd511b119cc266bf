import type { RequestType } from '@dsr/shared/vocabulary';
import type { PrismaClient } from '../../../db/types.ts';
import { enqueueInTx } from '../../../jobs/boss.ts';
import { prismaTxExecutor } from '../../../jobs/prisma-executor.ts';
import type { WebhookSourceConfig } from '../datamap.schema.ts';
import { WEBHOOK_DELIVERY_QUEUE } from '../queues.ts';
import type { WebhookJob } from '../webhook-delivery.ts';
import type { CollectAnswer, MatchAnswer, Source, SourceRequest } from './source.ts';

// Another system with an API of its own. Nothing is called inline: collect() records the delivery
// on the request's fulfilment_sources row (state `waiting`) and enqueues one delivery job in the
// same transaction; webhook-delivery.ts sends it, signed, and retries it. The source is settled by
// the answer (200), or later by the signed callback (202).

export interface WebhookSourceDeps {
  prisma: PrismaClient;
}

export function createWebhookSource(config: WebhookSourceConfig, deps: WebhookSourceDeps): Source {
  return {
    config,
    handles: (type: RequestType) => config.types.includes(type),
    // The other system counts its own records: nothing is known here before it answers.
    match: async (): Promise<MatchAnswer> => ({ count: null, matches: [] }),
    collect: (request) => requestDelivery(deps.prisma, config, request),
    close: async () => {},
  };
}

/**
 * Starts the delivery of `request` to this source, once: a row already waiting (or settled) answers
 * what it is; a pending, running or failed row (staff retry) is set waiting and a job is enqueued.
 * Part 2's types (erasure, rectification, ...) are delivered the same way.
 */
export async function requestDelivery(
  prisma: PrismaClient,
  config: WebhookSourceConfig,
  request: Pick<SourceRequest, 'id'>,
): Promise<CollectAnswer> {
  return prisma.$transaction(async (tx) => {
    const key = { requestId_source: { requestId: request.id, source: config.name } };
    await tx.fulfilmentSource.upsert({
      where: key,
      create: { requestId: request.id, source: config.name, kind: 'webhook' },
      update: {},
      select: { id: true },
    });
    // Lock the row: two concurrent runs of the same source enqueue one delivery.
    const [row] = await tx.$queryRaw<Array<{ id: string; state: string; result: unknown }>>`
      SELECT id, state::text AS state, result FROM fulfilment_sources
      WHERE "requestId" = ${request.id}::uuid AND source = ${config.name} FOR UPDATE`;
    if (!row) throw new Error('fulfilment source row vanished');
    if (row.state === 'waiting') return { state: 'waiting' };
    if (row.state === 'done') {
      const tables = (row.result as { tables?: Record<string, { rows: number; category: string }> })?.tables;
      return { state: 'done', tables: tables ?? {} };
    }
    await tx.fulfilmentSource.update({
      where: { id: row.id },
      data: {
        state: 'waiting',
        attempts: 0,
        lastError: null,
        nextAttemptAt: new Date(),
        startedAt: new Date(),
        finishedAt: null,
        result: { delivery: 'queued' },
      },
    });
    await enqueueInTx<WebhookJob>(prismaTxExecutor(tx), WEBHOOK_DELIVERY_QUEUE, {
      fulfilmentSourceId: row.id,
    });
    return { state: 'waiting' };
  });
}
