// The whole portal for a test file: a fresh database, the real job queue and mail worker, a real
// SMTP server on loopback capturing mail, and the Fastify app (inject, or listen for browsers).
//   const t = await startTestApp();   // beforeAll
//   await t.app.inject(...); await t.smtp.waitFor(...)
//   await t.close();                  // afterAll
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ControllerConfig } from '@dsr/shared/controller';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../api/src/app.ts';
import { type Env, loadConfig } from '../../api/src/config.ts';
import { loadController } from '../../api/src/controller.ts';
import type { PrismaClient } from '../../api/src/db/types.ts';
import type { Jobs, QueuePolicy } from '../../api/src/jobs/boss.ts';
import { loggerOptions } from '../../api/src/logging.ts';
import type { Reaction } from '../../api/src/modules/events/reaction.ts';
import type { DataMap } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { loadDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import type { SourceRegistry } from '../../api/src/modules/fulfilment/fulfilment.context.ts';
import { startRuntime } from '../../api/src/runtime.ts';
import { createTestDatabase } from './db.ts';
import { type SmtpSink, startSmtpSink } from './smtp.ts';

export interface TestApp {
  app: FastifyInstance;
  prisma: PrismaClient;
  jobs: Jobs;
  smtp: SmtpSink;
  controller: ControllerConfig;
  dataMap: DataMap;
  databaseUrl: string;
  /** The test clock: tests move it to cross deadlines and expiries. */
  clock: { now: Date; advance(ms: number): void; set(date: Date): void };
  /** Collected log lines (JSON strings), to prove no personal data is logged. */
  logs: string[];
  /**
   * Listens on 127.0.0.1 and returns the base URL; for browser tests. Pass the port of
   * `publicUrl` (from freePort()) so links in captured e-mails open this very server.
   */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Env;
  webDist?: string;
  /** Override the PUBLIC_URL (defaults to the listening address once listen() is called). */
  publicUrl?: string;
  /** The data map (sources) the runtime and the app use; default: DATA_MAP from env, else the built-in area. */
  dataMap?: DataMap;
  /** Overrides of the webhook delivery policy (retry delay, limit). */
  webhookPolicy?: QueuePolicy;
  /** Replaces the runtime's reactions to request events (fault-injection tests). */
  reactions?: readonly Reaction[];
  /** The data map's sources (default: none). */
  sources?: SourceRegistry & { close?(): Promise<void> };
  fulfilmentRunPolicy?: QueuePolicy;
  /** Another app's database (a second instance of the same portal); left for that app to drop. */
  databaseUrl?: string;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await createTestDatabase();
  const smtp = await startSmtpSink();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-test-data-'));
  const env: Env = {
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    PUBLIC_URL: options.publicUrl ?? 'http://portal.test',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const config = loadConfig(env);
  const controller = loadController(config.controllerConfigPath);
  const dataMap = options.dataMap ?? loadDataMap(config.dataMapPath, config.environment, controller);
  const logs: string[] = [];
  const logStream = { write: (line: string) => void logs.push(line) };
  const logger = pino(loggerOptions('info'), logStream);
  const runtime = await startRuntime({
    config,
    controller,
    dataMap,
    databaseUrl: db.url,
    logger,
    mailPolicy: { retryDelay: 1, retryBackoff: false },
    ...(options.webhookPolicy ? { webhookPolicy: options.webhookPolicy } : {}),
    reactionPolicy: { retryDelay: 1, retryBackoff: false },
    ...(options.reactions ? { reactions: options.reactions } : {}),
    pollingIntervalSeconds: 0.5,
    ...(options.sources ? { sources: options.sources } : {}),
    fulfilmentRunPolicy: options.fulfilmentRunPolicy ?? { retryDelay: 1, retryBackoff: false },
  });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    set(date: Date) {
      clock.now = date;
    },
  };
  const app = await buildApp({
    config,
    controller,
    dataMap,
    prisma: runtime.prisma,
    blobs: runtime.blobs,
    sources: runtime.sources,
    now: () => clock.now,
    webDist: options.webDist,
    logger: { stream: logStream },
  });
  await app.ready();
  return {
    app,
    prisma: runtime.prisma,
    jobs: runtime.jobs,
    smtp,
    controller,
    dataMap,
    databaseUrl: db.url,
    clock,
    logs,
    async listen(port = 0) {
      await app.listen({ port, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.close();
      await runtime.stop();
      await smtp.stop();
      await db.drop();
    },
  };
}
