import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Statement } from '../db/statement.ts';
import { toParameter } from './prisma-executor.ts';

// pg-boss 10 keeps its own tables in this schema (it installs and migrates them itself on start,
// under an advisory lock). Pinned to 10.x: 11+ needs Node 22 and changes the schema again.
export const JOBS_SCHEMA = 'pgboss';

// Every enqueue also sends NOTIFY on this channel with the queue's name; PostgreSQL delivers it
// only when the enqueuing transaction commits. Each instance LISTENs and wakes its local workers of
// that queue at once, so a chain of jobs (event → reaction → run → package) does not wait one
// polling interval per step; polling stays as the fallback (a lost connection, a missed notice).
export const WAKE_CHANNEL = 'dsr_jobs';
const WAKE_SQL = 'SELECT count(*)::int AS n FROM (SELECT pg_notify($1, $2)) AS notified';

/** Runs one SQL statement on the caller's connection (typically inside its open transaction). */
export type SqlExecutor = (sql: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

export interface JobsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Per-queue policy; stored in pgboss.queue and applied to every job sent to that queue. */
export interface QueuePolicy {
  /** pg-boss queue policy; `stately` keeps at most one queued and one active job per singletonKey. */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  retentionMinutes?: number;
  /** Queue that receives a copy of each job whose retries are exhausted (it must exist first). */
  deadLetter?: string;
}

export type EnqueueOptions = Omit<PgBoss.SendOptions, 'db'>;

export interface Job<T> {
  id: string;
  name: string;
  data: T;
}

export interface WorkOptions {
  /** Jobs fetched per poll; each is handled on its own and completed or failed on its own. */
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  boss: PgBoss;
  /** Creates the queue if missing and (re)applies the policy, so policy changes take effect on deploy. */
  ensureQueue(name: string, policy?: QueuePolicy): Promise<void>;
  /** Outside a transaction. Throws if the queue does not exist (see ensureQueue). */
  enqueue<T extends object>(name: string, data: T, options?: EnqueueOptions): Promise<string | null>;
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>, options?: WorkOptions): Promise<string>;
  stop(): Promise<void>;
}

/**
 * After a database outage, a job whose completion could not be recorded stays `active` until its
 * expiry, which maintenance notices within up to twice this interval; it is then retried after its
 * queue's retry delay. Each queue's expiry is short for that reason (see docs/operations.md).
 */
export const MAINTENANCE_INTERVAL_SECONDS = 30;

export interface CreateJobsOptions {
  databaseUrl: string;
  logger: JobsLogger;
  /**
   * How often expired active jobs are failed (→ retried) and old jobs archived. Default 30 s.
   * pg-boss runs it only when its last run (a database timestamp) is older than the interval, so a
   * tick that lands a few milliseconds early is skipped: expect up to twice the interval.
   */
  maintenanceIntervalSeconds?: number;
  /** Cron (`boss.schedule`). Default true. */
  schedule?: boolean;
  /** Pool size of pg-boss's own connection pool. Default 4. */
  max?: number;
}

const SAFE_ERROR_KEYS = ['name', 'code', 'responseCode', 'command', 'errno', 'syscall'] as const;

/** An error reduced to fields that carry no personal data (SMTP responses may quote addresses). */
export function safeError(err: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (err && typeof err === 'object') {
    for (const key of SAFE_ERROR_KEYS) {
      const value = (err as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

export async function createJobs(options: CreateJobsOptions): Promise<Jobs> {
  const { logger } = options;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: JOBS_SCHEMA,
    application_name: 'dsr-jobs',
    max: options.max ?? 4,
    migrate: true,
    supervise: true,
    schedule: options.schedule ?? true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? MAINTENANCE_INTERVAL_SECONDS,
    // monitorStateIntervalSeconds left unset = off (pg-boss 10 default): nothing consumes it.
  });
  boss.on('error', (err) =>
    logger.error({ err: { message: err.message, ...safeError(err) } }, 'jobs: error'),
  );
  await boss.start();
  logger.info({ schema: JOBS_SCHEMA, schemaVersion: await boss.schemaVersion() }, 'jobs: started');

  const workersByQueue = new Map<string, string[]>();
  const wake = (queue: string) => {
    for (const id of workersByQueue.get(queue) ?? []) boss.notifyWorker(id);
  };
  const listener = startWakeListener(options.databaseUrl, wake, logger);

  async function ensureQueue(name: string, policy: QueuePolicy = {}): Promise<void> {
    await boss.createQueue(name, { name, ...policy });
    await boss.updateQueue(name, { name, ...policy });
  }

  async function enqueue<T extends object>(name: string, data: T, sendOptions: EnqueueOptions = {}) {
    // No implicit queue creation here: a queue created on the fly gets pg-boss's defaults (2 retries)
    // and its early jobs keep them. The owner of a queue creates it with its policy at start-up.
    const id = checkSent(await boss.send(name, data, sendOptions), name, sendOptions);
    await boss.getDb().executeSql(WAKE_SQL, [WAKE_CHANNEL, name]);
    return id;
  }

  async function work<T>(
    name: string,
    handler: (job: Job<T>) => Promise<void>,
    workOptions: WorkOptions = {},
  ): Promise<string> {
    if (!(await boss.getQueue(name)))
      throw new Error(`jobs: queue "${name}" does not exist (ensureQueue first)`);
    const batchSize = workOptions.batchSize ?? 1;
    let workerId = '';
    workerId = await boss.work<T>(
      name,
      { batchSize, pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 2 },
      async (batch) => {
        const results = await Promise.allSettled(batch.map((job) => handler(job)));
        const done: string[] = [];
        const failed: { id: string; reason: unknown }[] = [];
        results.forEach((result, i) => {
          const id = batch[i]!.id;
          if (result.status === 'fulfilled') done.push(id);
          else failed.push({ id, reason: result.reason });
        });
        // Settle each job on its own so one failure does not resend the batch's other jobs: the
        // successes are completed here (awaited). The failures are left `active` and the handler
        // throws, so pg-boss fails them (→ retry) once it returns. pg-boss does not await its own
        // settlement of a batch and its worker may fetch again meanwhile: a job failed here would be
        // back in `retry`, could be fetched again after its retry delay, and pg-boss's late
        // completion of this batch (by id, state `active`) would then complete it unsent.
        if (done.length > 0) await boss.complete(name, done);
        // A full batch means more are probably waiting: poll again at once instead of sleeping.
        if (batch.length === batchSize && workerId) boss.notifyWorker(workerId);
        if (failed.length > 0) throw batchFailure(failed, batch.length);
      },
    );
    workersByQueue.set(name, [...(workersByQueue.get(name) ?? []), workerId]);
    return workerId;
  }

  async function stop(): Promise<void> {
    await listener.stop();
    await boss.stop({ graceful: true, timeout: 10_000 });
  }

  return { boss, ensureQueue, enqueue, work, stop };
}

/**
 * The error pg-boss stores on the batch's failed jobs (its `output`): the failure's message and
 * safe fields, never a stack. With several failures, how many and the first one's message.
 */
function batchFailure(failed: { id: string; reason: unknown }[], size: number): Error {
  const first = failed[0]?.reason;
  const message = first instanceof Error ? first.message : String(first);
  const error = Object.assign(
    new Error(failed.length === 1 ? message : `${failed.length} of ${size} jobs failed; first: ${message}`),
    safeError(first),
  );
  error.stack = undefined;
  return error;
}

// Builds pg-boss's INSERT without owning a connection: every send goes through the `db` wrapper
// given per call. Never started, so it opens no pool and runs no timers.
let sqlBuilder: PgBoss | undefined;
function getSqlBuilder(): PgBoss {
  sqlBuilder ??= new PgBoss({
    schema: JOBS_SCHEMA,
    db: {
      executeSql: () => Promise.reject(new Error('jobs: enqueueInTx needs an executor')),
    },
  });
  return sqlBuilder;
}

/**
 * Inserts a job through the caller's transaction: the job exists iff that transaction commits
 * (transactional outbox). The queue must already exist (see `Jobs.ensureQueue`).
 */
export async function enqueueInTx<T extends object>(
  executor: SqlExecutor,
  name: string,
  data: T,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const db = { executeSql: (text: string, values: unknown[]) => executor(text, values ?? []) };
  const id = await getSqlBuilder().send(name, data, { ...options, db } as PgBoss.SendOptions);
  const sent = checkSent(id, name, options);
  if (sent !== null) await executor(WAKE_SQL, [WAKE_CHANNEL, name]);
  return sent;
}

/**
 * Adds to a one-statement write (db/statement.ts) the insert of a job into `name`, whose payload is
 * the SQL expression `dataSql` (it may read the statement's other parts, e.g. an id just inserted),
 * and the wake-up NOTIFY: `enqueueInTx` as part of a statement. The INSERT is pg-boss's own (queue
 * policy, defaults), captured once per queue; the statement fails unless exactly one job was made.
 */
export async function enqueueInStatement(
  statement: Statement,
  part: string,
  name: string,
  dataSql: string,
): Promise<void> {
  const template = await jobInsertTemplate(name);
  const placeholders = template.values.map((value, i) =>
    i === DATA_PARAM - 1 ? `(${dataSql})` : statement.param(toParameter(value)),
  );
  const sql = template.text.replace(/\$(\d+)/g, (_m, n: string) => placeholders[Number(n) - 1]!);
  statement.with(part, sql);
  statement.with(
    `${part}_wake`,
    `SELECT pg_notify(${statement.param(WAKE_CHANNEL)}, ${statement.param(name)}) FROM ${part}`,
  );
  statement.require(`(SELECT count(*)::int FROM ${part}_wake)`, (n) => {
    if (n !== 1) throw new Error(`jobs: job not created for queue "${name}" (does the queue exist?)`);
  });
}

/** pg-boss 10's createJob passes the payload as its third parameter (`$3::jsonb`). */
const DATA_PARAM = 3;
const DATA_MARK = { __dsr_job_data__: true };
const templates = new Map<string, Promise<{ text: string; values: unknown[] }>>();

function jobInsertTemplate(name: string): Promise<{ text: string; values: unknown[] }> {
  let template = templates.get(name);
  if (!template) {
    template = (async () => {
      let captured: { text: string; values: unknown[] } | undefined;
      const db = {
        executeSql: async (text: string, values: unknown[]) => {
          captured = { text, values };
          return { rows: [{ id: '00000000-0000-0000-0000-000000000000' }] };
        },
      };
      await getSqlBuilder().send(name, DATA_MARK, { db } as PgBoss.SendOptions);
      const placeholder = new RegExp(`\\$${DATA_PARAM}(?!\\d)`, 'g');
      if (
        !captured ||
        captured.values[DATA_PARAM - 1] !== DATA_MARK ||
        captured.text.match(placeholder)?.length !== 1 ||
        !captured.text.includes(`$${DATA_PARAM}::jsonb`)
      ) {
        throw new Error('jobs: pg-boss job INSERT has an unexpected shape (pg-boss upgraded?)');
      }
      return captured;
    })();
    templates.set(name, template);
  }
  return template;
}

/** One LISTEN connection per instance; reconnects after a failure (database restart) until stopped. */
function startWakeListener(
  databaseUrl: string,
  wake: (queue: string) => void,
  logger: JobsLogger,
): { stop(): Promise<void> } {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = () => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'dsr-jobs-wake' });
    client = c;
    c.on('notification', (msg) => {
      if (msg.payload) wake(msg.payload);
    });
    const again = (err: Error) => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => {});
      if (stopped) return;
      logger.warn({ err: safeError(err) }, 'jobs: wake listener lost, reconnecting (polling meanwhile)');
      retry = setTimeout(connect, 1000);
    };
    c.on('error', again);
    c.connect()
      .then(() => c.query(`LISTEN ${WAKE_CHANNEL}`))
      .catch(again);
  };
  connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

// pg-boss answers null both for a deduplicated job (same id or singleton key: intended) and for a
// job sent to a queue that does not exist (silently dropped): the latter must not pass unnoticed.
function checkSent(id: string | null, name: string, options: EnqueueOptions): string | null {
  const deduplicable = options.id !== undefined || options.singletonKey !== undefined;
  if (id === null && !deduplicable) {
    throw new Error(`jobs: job not created for queue "${name}" (does the queue exist?)`);
  }
  return id;
}
