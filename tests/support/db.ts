// A fresh, fully migrated database per test file, cloned from the template made by global-setup.ts:
//   const db = await createTestDatabase();   // in beforeAll
//   const prisma = createPrisma(db.url);
//   ...                                       // afterAll: await prisma.$disconnect(); await db.drop();
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const TEMPLATE_DATABASE = 'dsr_template';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    throw new Error('TEST_PG_ADMIN_URL is unset: run through vitest with tests/support/global-setup.ts');
  }
  const name = `dsr_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * An empty database (no portal tables) on the test cluster: the "other system" an external data map
 * source points at.
 */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is unset: run through vitest');
  const name = `ext_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Several files may clone the template at once; Postgres refuses while another clone reads it
    // ("source database is being accessed by other users"), so retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
      }
    }
  } finally {
    await client.end();
  }
}
