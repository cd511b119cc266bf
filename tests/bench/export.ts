// P6 (collect side): one subject with many rows, streamed by the postgres source into a sink that
// drops them. Prints rows per second and how far the heap grew above its level before the run: with the
// cursor it stays flat whatever the row count (live heap, measured after a forced GC every 20,000 rows).
//   node --expose-gc --import tsx tests/bench/export.ts [rows=500000]   (npm run bench:export)
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../api/src/db/embedded.ts';
import { dataMapSchema, type PostgresSourceConfig } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { createPostgresSource } from '../../api/src/modules/fulfilment/sources/postgres.ts';
import { report } from './support/report.ts';

const ROWS = Number(process.argv[2] ?? 500_000);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-export-'));
  chmodSync(dir, 0o755); // reachable by the `postgres` user the embedded server runs as under root
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), fast: true });
  const client = new pg.Client({ connectionString: cluster.connectionString });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE accounts (id integer PRIMARY KEY, email text);
      CREATE TABLE events (id bigserial PRIMARY KEY, account integer REFERENCES accounts, at timestamptz, payload text);
      INSERT INTO accounts VALUES (1, 'bench@example.test'), (2, 'other@example.test');
      INSERT INTO events (account, at, payload)
        SELECT 1 + (i % 50 = 0)::int, now() - i * interval '1 minute', repeat('x', 200) FROM generate_series(1, ${ROWS}) i;
      ANALYZE;`);
    const config = dataMapSchema.parse({
      sources: [
        {
          name: 'bench',
          kind: 'postgres',
          url: cluster.connectionString,
          subject: { table: 'accounts', key: 'id', email: 'email' },
          tables: {
            accounts: { category: 'profile' },
            events: { link: { column: 'account', references: 'accounts.id' }, category: 'usage' },
          },
        },
      ],
    }).sources[0] as PostgresSourceConfig;
    if (!global.gc) process.stderr.write('run with node --expose-gc for a live-heap figure\n');
    const source = createPostgresSource(config, { builtinDatabaseUrl: cluster.connectionString });
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let rows = 0;
    const started = performance.now();
    await source.collect(
      { id: 'bench', reference: 'DSR-BENCH', type: 'access', details: {}, locale: 'en' },
      { email: 'bench@example.test', identifiers: [] },
      {
        async row() {
          if (++rows % 20_000 !== 0) return;
          global.gc?.();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      },
      { now: new Date(), signal: new AbortController().signal },
    );
    const seconds = (performance.now() - started) / 1000;
    await source.close();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    report({
      figure: `P6 collect only (${Math.round(rows / 1000)}k rows, postgres source)`,
      value: `${Math.round(rows / seconds)} rows/s; live heap +${mb(peak - baseline)} MB`,
      goal: '—',
      pass: null,
      note: global.gc ? 'for information: the source alone, no records written' : 'run with --expose-gc',
    });
  } finally {
    await client.end();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
