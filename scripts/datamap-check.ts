// npm run datamap:check
// Loads the data map (DATA_MAP, or the built-in customer area), checks every postgres source against its
// live database (schema, tables, columns, links, retention and effect columns) and prints, per source,
// what each request type would do there. Exits 1 naming every problem. The built-in area uses
// DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (started, or shared with a running portal).
import path from 'node:path';
import { ConfigError, loadConfig } from '../api/src/config.ts';
import { loadController } from '../api/src/controller.ts';
import { startEmbeddedPostgres } from '../api/src/db/embedded.ts';
import { applyMigrations } from '../api/src/db/migrations.ts';
import { loadDataMap } from '../api/src/modules/fulfilment/datamap.ts';
import { describeSource } from '../api/src/modules/fulfilment/datamap-plan.ts';
import { createPostgresSource } from '../api/src/modules/fulfilment/sources/postgres.ts';
import { SourceError } from '../api/src/modules/fulfilment/sources/source.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  const controller = loadController(config.controllerConfigPath);
  const dataMap = loadDataMap(config.dataMapPath, config.environment, controller);
  process.stdout.write(`data map: ${config.dataMapPath ?? 'built-in customer area'}\n`);

  let builtinDatabaseUrl = config.databaseUrl ?? '';
  let stop = async () => {};
  if (dataMap.sources.some((s) => s.kind === 'postgres' && s.url === 'builtin')) {
    if (!config.databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg') });
      builtinDatabaseUrl = embedded.connectionString;
      stop = embedded.stop;
    }
    // The built-in area is created by the migrations: a fresh install has it once they have run.
    await applyMigrations(builtinDatabaseUrl);
  }

  const problems: string[] = [];
  try {
    for (const source of dataMap.sources) {
      process.stdout.write(`\n${describeSource(source).join('\n')}\n`);
      if (source.kind !== 'postgres') continue;
      const db = createPostgresSource(source, { builtinDatabaseUrl });
      try {
        const found = await db.check().catch((error: unknown) => {
          if (error instanceof SourceError) return [`cannot check: ${error.message}`];
          throw error;
        });
        process.stdout.write(
          found.length ? '  check: FAILED\n' : '  check: every table, column and link exists\n',
        );
        problems.push(...found.map((p) => `${source.name}: ${p}`));
      } finally {
        await db.close();
      }
    }
  } finally {
    await stop();
  }
  if (problems.length > 0) {
    process.stderr.write(
      `\nthe data map does not fit the databases:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return 1;
  }
  process.stdout.write('\ndata map OK\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
