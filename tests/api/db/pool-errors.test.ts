// A connection that dies while idle in the pool (PostgreSQL restarted, a proxy dropping it, an
// operator's pg_terminate_backend) is discarded and the process carries on: the next query gets a
// fresh connection. pg-pool re-emits an idle client's error on the pool, where an 'error' without a
// listener throws; before Prisma's first query the pool had none, so this ended the process (in the
// suite: an unhandled 57P01 when a test's teardown dropped its database right after an intake).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma, type PrismaClient, sqlPool } from '../../../api/src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let db: TestDatabase;
let prisma: PrismaClient | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

it('discards an idle connection terminated before Prisma ever queried, and the next query works', async () => {
  prisma = createPrisma(db.url);
  const pool = sqlPool(prisma);
  const first = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = first.rows[0]!.pid;
  expect(pool.idleCount).toBe(1);

  const removed = new Promise((resolve) => pool.once('remove', resolve));
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    const killed = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
    expect(killed.rows[0]!.ok).toBe(true);
  } finally {
    await admin.end();
  }
  await removed;
  expect(pool.totalCount).toBe(0);

  const next = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  expect(next.rows[0]!.pid).not.toBe(pid);
  // Prisma on the same pool is unaffected.
  expect(await prisma.request.count()).toBe(0);
});
