// The portal as `npm start` wires it (startRuntime with its workers, buildApp) on the given database,
// listening on 127.0.0.1 with TRUST_PROXY=true, so the per-IP limit keys on X-Forwarded-For.
// Mail goes to the outbox folder (no SMTP_URL) and logs at the default level, as with a plain
// `npm start` (the driver discards the log lines).
// BENCH_REACTIONS=none runs it without the reactions to request events (no verification mail, no
// staff notice): a diagnostic, to tell the request's own cost from its background work.
//   node --expose-gc --import tsx tests/bench/support/intake-app.ts <databaseUrl>   (forked by intake.ts)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../../../api/src/app.ts';
import { loadConfig } from '../../../api/src/config.ts';
import { loadController } from '../../../api/src/controller.ts';
import { loggerOptions } from '../../../api/src/logging.ts';
import { defaultDataMap } from '../../../api/src/modules/fulfilment/datamap.ts';
import { startRuntime } from '../../../api/src/runtime.ts';
import { serveCommands } from './served.ts';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: intake-app.ts <databaseUrl>');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-intake-'));
const config = loadConfig({
  DATA_DIR: dataDir,
  PUBLIC_URL: 'http://portal.bench',
  TRUST_PROXY: 'true',
});
const controller = loadController(config.controllerConfigPath);
const dataMap = defaultDataMap(controller);
const logger = pino(loggerOptions(config.logLevel) as object);
const runtime = await startRuntime({
  config,
  controller,
  dataMap,
  databaseUrl,
  logger,
  ...(process.env.BENCH_REACTIONS === 'none' ? { reactions: [] } : {}),
});
const app = await buildApp({
  config,
  controller,
  dataMap,
  prisma: runtime.prisma,
  sources: runtime.sources,
  blobs: runtime.blobs,
  now: () => new Date(),
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
serveCommands(typeof address === 'object' && address ? address.port : 0, async () => {
  await app.close();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
