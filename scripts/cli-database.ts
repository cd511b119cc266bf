import path from 'node:path';
import { createPrisma } from '../api/src/db/client.ts';
import { startEmbeddedPostgres } from '../api/src/db/embedded.ts';
import { applyMigrations } from '../api/src/db/migrations.ts';
import type { PrismaClient } from '../api/src/db/types.ts';

/**
 * Runs `work` with a migrated database for a command-line script: DATABASE_URL when set, else the
 * embedded PostgreSQL under DATA_DIR (shared with a running portal). Everything is closed after.
 */
export async function withCliDatabase<T>(work: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  let databaseUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(process.env.DATA_DIR ?? '.data', 'pg'),
    });
    databaseUrl = embedded.connectionString;
    stop = embedded.stop;
  }
  const prisma = createPrisma(databaseUrl, { poolSize: 2 });
  try {
    await applyMigrations(databaseUrl);
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
    await stop();
  }
}
