import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

export type { PrismaClient } from '../../generated/prisma/client.ts';

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** Prisma over the pg driver adapter. Call `$disconnect()` on shutdown to end the pool. */
export function createPrisma(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The pg pool under a client made by createPrisma, for the few hot paths written as plain SQL
 * (db/statement.ts): same connections, same limits, ended by the client's `$disconnect()`.
 */
export function sqlPool(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('sqlPool: this Prisma client was not made by createPrisma');
  return pool;
}
