import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadController } from './controller.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { applyMigrations } from './db/migrations.ts';
import { isDatabaseUnavailable } from './db/unavailable.ts';
import { loggerOptions } from './logging.ts';
import { metricsRegistry, startMetricsServer } from './metrics.ts';
import { loadDataMap } from './modules/fulfilment/datamap.ts';
import { startRuntime } from './runtime.ts';

// Process entry: database (embedded unless DATABASE_URL), migrations, app, listen, graceful shutdown.
const WEB_DIST = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist');

async function main(): Promise<void> {
  const config = loadConfig();
  const controller = loadController(config.controllerConfigPath);
  const dataMap = loadDataMap(config.dataMapPath, config.environment, controller);
  const log = pino(loggerOptions(config.logLevel) as object);
  keepRunningThroughDatabaseLoss(log);
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err) => log.error({ err }, 'shutdown step failed'));
  };

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg') });
    stops.push(() => embedded.stop());
    databaseUrl = embedded.connectionString;
    log.info('database: embedded PostgreSQL under %s', join(config.dataDir, 'pg'));
  }
  try {
    await applyMigrations(databaseUrl);
    const runtime = await startRuntime({ config, controller, dataMap, databaseUrl, logger: log });
    stops.push(() => runtime.stop());
    const app = await buildApp({
      config,
      controller,
      dataMap,
      prisma: runtime.prisma,
      blobs: runtime.blobs,
      sources: runtime.sources,
      now: () => new Date(),
      webDist: existsSync(WEB_DIST) ? WEB_DIST : undefined,
    });
    stops.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
    if (config.metrics) {
      const metrics = await startMetricsServer({
        registry: metricsRegistry(runtime.prisma),
        ...config.metrics,
      });
      stops.push(() => metrics.close());
      log.info('metrics: http://%s:%d/metrics', config.metrics.host, metrics.port);
    }
    log.info('portal ready at %s', config.publicUrl);
    process.stdout.write(
      `\n  Portal running at ${config.publicUrl}\n  API docs at ${config.publicUrl}/api/docs\n\n`,
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('%s received: finishing in-flight requests and stopping', signal);
    stopAll().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * pg-boss 10 settles a worker's batch (complete / fail) without awaiting it: with PostgreSQL gone,
 * that promise rejects with nobody to catch it, and Node's default for an unhandled rejection is to
 * exit. A lost database is a state the portal rides out (routes answer 503, jobs resume once it is
 * back, the unsettled jobs expire and are retried), so such a rejection is logged and the process
 * keeps running. Any other unhandled rejection still ends the process, as by default.
 */
function keepRunningThroughDatabaseLoss(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    const err = reason as { code?: unknown; message?: unknown } | undefined;
    if (isDatabaseUnavailable(reason)) {
      log.warn({ err: { code: err?.code, message: err?.message } }, 'database unavailable (background)');
      return;
    }
    log.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
