import { webhookCallbackBodySchema, webhookErasureAnswerSchema } from '@dsr/shared/fulfilment';
import type { Prisma, PrismaClient } from '../../db/types.ts';
import type { Jobs, JobsLogger, QueuePolicy } from '../../jobs/boss.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { SourceConfig, WebhookSourceConfig } from './datamap.schema.ts';
import { WEBHOOK_DELIVERY_QUEUE } from './queues.ts';
import { completeSource, failSource, formatLastError, TABLE_NAME, type TableRows } from './source-state.ts';
import { type ErasureTableResult, SourceError } from './sources/source.ts';
import { buildDeliveryBody, webhookConfigOf } from './webhook-body.ts';
import { httpFailure, signedPost } from './webhook-http.ts';

// Delivers one signed webhook call per job `{fulfilmentSourceId}` (ids only: the body is built here
// from the database). A failure throws, so pg-boss retries it with exponential backoff:
//   retryDelay 20 s, retryBackoff → the n-th retry waits 20·2^(n-1) s to twice that (jitter), so the
//   first retry comes after 20–40 s and 13 retries span at least 20·(2^13 − 1) s ≈ 45 h (≥ 24 h).
// When pg-boss gives up, the job goes to the dead-letter queue, whose worker marks the source
// failed. Every call carries the same `id`, so a receiver that saw a delivery before can dedupe.

export const WEBHOOK_FAILED_QUEUE = 'webhook.deliver.failed';
const RETRY_DELAY_SECONDS = 20;
export const WEBHOOK_QUEUE_POLICY = {
  retryLimit: 13,
  retryDelay: RETRY_DELAY_SECONDS,
  retryBackoff: true,
  // Longer than the longest timeout a source may set (120 s), so a call in flight is not retried.
  expireInSeconds: 180,
  // A job still waiting to retry past its retention is dropped by pg-boss: keep it well past 45 h.
  retentionMinutes: 7 * 24 * 60,
  deadLetter: WEBHOOK_FAILED_QUEUE,
} satisfies QueuePolicy;

/** The largest answer read from a receiver (access data included). */
export const WEBHOOK_MAX_ANSWER_BYTES = 20 * 1024 * 1024;

export interface WebhookDeliveryDeps {
  prisma: PrismaClient;
  /** The data map's sources: the delivery reads its URL, secret and timeout by source name. */
  sources: readonly SourceConfig[];
  /** Base of the callback URL (PUBLIC_URL). */
  publicUrl: string;
  logger: JobsLogger;
  now?: () => Date;
}

export interface WebhookJob {
  fulfilmentSourceId: string;
}

export async function registerWebhookDeliveryWorker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  deps: WebhookDeliveryDeps,
  options: { policy?: QueuePolicy; pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await jobs.ensureQueue(WEBHOOK_FAILED_QUEUE, { retryLimit: 5, retryDelay: 30 });
  const policy = { ...WEBHOOK_QUEUE_POLICY, ...options.policy };
  await jobs.ensureQueue(WEBHOOK_DELIVERY_QUEUE, policy);
  const work = { batchSize: 4, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await jobs.work<WebhookJob>(
    WEBHOOK_DELIVERY_QUEUE,
    async (job) => {
      await deliverWebhook(deps, job.data, policy);
    },
    work,
  );
  await jobs.work<WebhookJob>(WEBHOOK_FAILED_QUEUE, (job) => giveUpDelivery(deps, job.data), work);
}

type Outcome = 'skipped' | 'done' | 'accepted';

/** One attempt. Resolves when the delivery settled (or has nothing to do); throws to be retried. */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  job: WebhookJob,
  policy: QueuePolicy = WEBHOOK_QUEUE_POLICY,
): Promise<Outcome> {
  const now = deps.now ?? (() => new Date());
  const { prisma } = deps;
  const row = await prisma.fulfilmentSource.findUnique({
    where: { id: job.fulfilmentSourceId },
    select: { id: true, requestId: true, source: true, state: true, attempts: true, result: true },
  });
  // Settled meanwhile (callback, staff) or already accepted with 202: nothing to send.
  if (row?.state !== 'waiting' || deliveryOf(row.result) === 'accepted') return 'skipped';
  const config = webhookConfigOf(deps.sources, row.source);
  if (!config) {
    await prisma.$transaction((tx) =>
      failSource(
        tx,
        row,
        { code: 'source_rejected', message: 'not a webhook source of the data map' },
        now(),
      ),
    );
    return 'skipped';
  }
  const attempt = row.attempts + 1;
  await prisma.fulfilmentSource.update({ where: { id: row.id }, data: { attempts: attempt } });
  const body = await buildDeliveryBody(prisma, row, `${deps.publicUrl}/api/v1/webhooks/callback/${row.id}`);
  const type = body.type;
  try {
    const answer = await post(config, JSON.stringify(body), now());
    if (answer.status === 202) {
      await prisma.$transaction(async (tx) => {
        const updated = await tx.fulfilmentSource.updateMany({
          where: { id: row.id, state: 'waiting' },
          data: { nextAttemptAt: null, lastError: null, result: { delivery: 'accepted' } },
        });
        if (updated.count === 1) await auditDelivered(tx, row, 202, attempt);
      });
      return 'accepted';
    }
    const data = readData(answer.text, type);
    const erasure = type === 'erasure' ? readErasure(answer.text, row.source) : undefined;
    await prisma.$transaction(async (tx) => {
      await auditDelivered(tx, row, 200, attempt);
      await completeSource(
        tx,
        row,
        data,
        now(),
        erasure ? { extra: { erasure: erasure as unknown as Prisma.InputJsonArray } } : {},
      );
    });
    return 'done';
  } catch (err) {
    const failure = toSourceError(err, config);
    const base = policy.retryDelay ?? RETRY_DELAY_SECONDS;
    const delay = policy.retryBackoff ? base * 2 ** (attempt - 1) : base;
    await prisma.fulfilmentSource.updateMany({
      where: { id: row.id, state: 'waiting' },
      data: {
        lastError: formatLastError(failure.code, failure.message),
        // The earliest the next try can come (pg-boss adds up to as much again as jitter).
        nextAttemptAt: attempt <= (policy.retryLimit ?? 0) ? new Date(now().getTime() + delay * 1000) : null,
      },
    });
    deps.logger.warn(
      { fulfilmentSourceId: row.id, attempt, code: failure.code },
      'webhook: delivery failed, will retry',
    );
    throw failure;
  }
}

/** The dead-letter worker: retries are exhausted, the source is failed (staff can retry it). */
export async function giveUpDelivery(deps: WebhookDeliveryDeps, job: WebhookJob): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const row = await deps.prisma.fulfilmentSource.findUnique({
    where: { id: job.fulfilmentSourceId },
    select: { id: true, requestId: true, source: true, lastError: true },
  });
  if (!row) return;
  const [code, ...rest] = (row.lastError ?? 'source_unreachable: no answer').split(': ');
  await deps.prisma.$transaction((tx) =>
    failSource(tx, row, { code: code ?? 'source_unreachable', message: rest.join(': ') }, now()),
  );
}

async function auditDelivered(
  tx: Parameters<typeof appendAudit>[0],
  row: { id: string; requestId: string; source: string },
  status: number,
  attempt: number,
): Promise<void> {
  await appendAudit(tx, {
    requestId: row.requestId,
    actor: { type: 'system' },
    type: 'webhook.delivered',
    data: { source: row.source, fulfilmentSourceId: row.id, status, attempt },
  });
}

const deliveryOf = (result: unknown) => (result as { delivery?: unknown } | null)?.delivery;

async function post(config: WebhookSourceConfig, body: string, now: Date) {
  const response = await signedPost(config, body, now);
  if (response.status !== 200 && response.status !== 202) {
    await response.body?.cancel();
    // Busy or down is not a refusal: staff are told it will be asked again.
    throw httpFailure(response.status);
  }
  return { status: response.status, text: await readLimited(response) };
}

async function readLimited(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > WEBHOOK_MAX_ANSWER_BYTES) throw tooLarge();
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > WEBHOOK_MAX_ANSWER_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = () => new SourceError('source_bad_answer', 'answer larger than 20 MiB');

/** `{data}` of a 200: required for access and portability, rows per table. */
function readData(text: string, type: string): TableRows | undefined {
  const wantsData = type === 'access' || type === 'portability';
  if (!wantsData && text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SourceError('source_bad_answer', 'answer is not JSON');
  }
  const data = webhookCallbackBodySchema.shape.data.safeParse((parsed as { data?: unknown } | null)?.data);
  if (!data.success || (wantsData && !data.data)) {
    throw new SourceError('source_bad_answer', 'answer has no valid {data: {<table>: [rows]}}');
  }
  if (data.data && Object.keys(data.data).some((t) => !TABLE_NAME.test(t))) {
    throw new SourceError('source_bad_answer', 'a table name is not letters, digits, _ or -');
  }
  return data.data;
}

/** An erasure answer's per-table result (docs/WEBHOOKS.md), in the shape a postgres source records. */
function readErasure(text: string, source: string): ErasureTableResult[] | undefined {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // readData accepted a non-data answer: nothing per table
  }
  const list = (parsed as { erasure?: unknown } | null)?.erasure;
  if (list === undefined) return undefined;
  const answer = webhookErasureAnswerSchema.safeParse(list);
  if (!answer.success) {
    throw new SourceError('source_bad_answer', 'answer has no valid {erasure: [{table, erased, kept, ...}]}');
  }
  return answer.data.map((t) => ({
    table: t.table,
    category: source,
    description: t.description ?? null,
    erase: t.erased > 0 ? 'delete' : t.anonymised > 0 ? 'anonymise' : 'keep',
    rows: t.erased + t.anonymised + t.kept,
    erased: t.erased,
    anonymised: t.anonymised,
    kept: t.kept,
    keptUntil: t.keptUntil ?? null,
    basis: t.basis ?? null,
  }));
}

function toSourceError(err: unknown, config: WebhookSourceConfig): SourceError {
  if (err instanceof SourceError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new SourceError('source_timeout', `no answer within ${config.timeoutSeconds} s`);
  }
  // fetch wraps the network error: keep its code (ECONNREFUSED, ENOTFOUND), never a body.
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : 'network error';
  return new SourceError('source_unreachable', code);
}
