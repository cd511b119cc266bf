// P3: the staff queue at 1,000,000 requests. Seeds a throw-away embedded PostgreSQL with
// generate_series, then times the queue's page query (the repository the route calls):
// page 1, a page at depth 500k (keyset cursor), and a status + due-date filtered page.
//   npx tsx tests/bench/queue.ts [rows=1000000]
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma } from '../../api/src/db/client.ts';
import { startEmbeddedPostgres } from '../../api/src/db/embedded.ts';
import { applyMigrations } from '../../api/src/db/migrations.ts';
import { decodeCursor, encodeCursor } from '../../api/src/modules/staff-requests/cursor.ts';
import {
  findQueuePage,
  findQueuePageByReceived,
  type QueueFilter,
} from '../../api/src/modules/staff-requests/queue.repository.ts';
import { report } from './support/report.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SAMPLES = 200;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-queue-'));
  // Readable by the `postgres` user the embedded server runs as under root, so the cluster stays here.
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const url = pg.connectionString.replace(/\/[^/?]*(\?|$)/, '/bench$1');
  try {
    await applyMigrations(url);
    const prisma = createPrisma(url);
    const t0 = Date.now();
    // 70% open work (verified / in_progress / awaiting_subject), 30% closed; due dates spread over
    // ±60 days with many ties (whole minutes); 1% extended.
    await prisma.$executeRawUnsafe(`
      INSERT INTO requests (reference, type, status, email, "fullName", "receivedAt", "verifiedAt", "dueAt", "extendedDueAt", "extensionMonths")
      SELECT 'DSR-2026-' || lpad(i::text, 7, '0'),
             (ARRAY['access','erasure','rectification','objection','portability']::"RequestType"[])[1 + i % 5],
             (ARRAY['verified','in_progress','awaiting_subject','verified','in_progress','awaiting_subject','verified','completed','denied','cancelled']::"RequestStatus"[])[1 + i % 10],
             'bench' || i || '@example.test', 'Bench Subject',
             now() - interval '90 days', now() - interval '30 days',
             date_trunc('minute', now() + ((i::bigint * 7919) % 172800 - 86400) * interval '1 minute'),
             CASE WHEN i % 100 = 0 THEN now() + interval '80 days' END,
             CASE WHEN i % 100 = 0 THEN 2 END
      FROM generate_series(1, ${ROWS}) AS i`);
    await prisma.$executeRawUnsafe('VACUUM ANALYZE requests');
    console.log(`seeded ${ROWS} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const now = new Date();
    const base: QueueFilter = { statuses: ['verified', 'in_progress', 'awaiting_subject'], now };
    const filtered: QueueFilter = {
      statuses: ['in_progress'],
      dueBefore: new Date(now.getTime() + 20 * 86_400_000),
      now,
    };
    // The cursor at depth 500k of the default view (taken with OFFSET once, outside the timing).
    const depth = Math.min(500_000, Math.floor(ROWS * 0.7) - 100);
    const [at] = await prisma.$queryRawUnsafe<{ due: Date; id: string }[]>(
      `SELECT COALESCE("extendedDueAt","dueAt") AS due, id FROM requests
       WHERE status IN ('verified','in_progress','awaiting_subject')
       ORDER BY COALESCE("extendedDueAt","dueAt"), id OFFSET ${depth} LIMIT 1`,
    );
    const deep = decodeCursor(encodeCursor({ dueAt: at!.due, id: at!.id }));
    // The same depth for the queue sorted by received date, newest first.
    const [atReceived] = await prisma.$queryRawUnsafe<{ receivedAt: Date; id: string }[]>(
      `SELECT "receivedAt", id FROM requests
       WHERE status IN ('verified','in_progress','awaiting_subject')
       ORDER BY "receivedAt" DESC, id DESC OFFSET ${depth} LIMIT 1`,
    );
    const deepReceived = decodeCursor(
      encodeCursor({ sort: 'received', receivedAt: atReceived!.receivedAt, id: atReceived!.id }),
      'received',
    );

    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await fn();
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const s = process.hrtime.bigint();
        await fn();
        samples.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(SAMPLES * 0.95)]!;
    };
    const page1 = await time(() => findQueuePage(prisma, base, undefined, 26));
    const deepP = await time(() => findQueuePage(prisma, base, deep, 26));
    const filt = await time(() => findQueuePage(prisma, filtered, undefined, 26));
    const received1 = await time(() => findQueuePageByReceived(prisma, base, undefined, 26));
    const receivedDeep = await time(() => findQueuePageByReceived(prisma, base, deepReceived, 26));
    console.table({
      'page 1 (default view)': { p95_ms: page1.toFixed(2) },
      [`depth ${depth} (keyset)`]: { p95_ms: deepP.toFixed(2) },
      'status + dueBefore': { p95_ms: filt.toFixed(2) },
      'sort=received page 1': { p95_ms: received1.toFixed(2) },
      [`sort=received depth ${depth}`]: { p95_ms: receivedDeep.toFixed(2) },
    });
    report({
      figure: 'P3 depth ÷ page 1 (p95)',
      value: `${(deepP / page1).toFixed(2)} (${page1.toFixed(2)} ms → ${deepP.toFixed(2)} ms)`,
      goal: '≤ 1.5',
      pass: deepP / page1 <= 1.5,
    });
    report({
      figure: 'P3 filtered ÷ unfiltered (p95)',
      value: `${(filt / page1).toFixed(2)} (${filt.toFixed(2)} ms)`,
      goal: '≤ 2',
      pass: filt / page1 <= 2,
    });

    report({
      figure: 'P3 sort=received depth ÷ page 1 (p95)',
      value: `${(receivedDeep / received1).toFixed(2)} (${received1.toFixed(2)} ms → ${receivedDeep.toFixed(2)} ms)`,
      goal: '≤ 1.5',
      pass: receivedDeep / received1 <= 1.5,
    });

    const explain = async (label: string, sql: string) => {
      const rows = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`);
      console.log(`\n${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    };
    const DUE = 'COALESCE(r."extendedDueAt", r."dueAt")';
    await explain(
      'default view, depth',
      `SELECT r.id FROM requests r WHERE r.status IN ('verified','in_progress','awaiting_subject')
      AND (${DUE}, r.id) > ('${deep.dueAt!.toISOString()}'::timestamptz, '${deep.id}'::uuid) ORDER BY ${DUE}, r.id LIMIT 26`,
    );
    await explain(
      'status + dueBefore',
      `SELECT r.id FROM requests r WHERE r.status IN ('in_progress')
      AND ${DUE} < '${filtered.dueBefore!.toISOString()}'::timestamptz ORDER BY ${DUE}, r.id LIMIT 26`,
    );
    await explain(
      'sort=received, depth',
      `SELECT r.id FROM requests r WHERE r.status IN ('verified','in_progress','awaiting_subject')
      AND (r."receivedAt", r.id) < ('${deepReceived.receivedAt.toISOString()}'::timestamptz, '${deepReceived.id}'::uuid)
      ORDER BY r."receivedAt" DESC, r.id DESC LIMIT 26`,
    );
    await prisma.$disconnect();
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
