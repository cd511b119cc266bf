import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

export type { PrismaClient } from '../../generated/prisma/client.ts';

// Each client's pg pool, for the few paths where the ORM's per-query cost dominates (fulfilment's
// staged rows: 100k-row exports; intake's one-statement write, db/statement.ts). One pool per database, shared with Prisma: no extra connections.
const pools = new WeakMap<object, pg.Pool>();

/** Prisma over the pg driver adapter. Call `$disconnect()` on shutdown: it ends the pool too. */
export function createPrisma(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // A connection can die at any moment (PostgreSQL restarted, killed, a proxy dropping it). pg emits
  // that on the client, and a client without an 'error' listener throws, ending the process: that
  // happened with a client between pg-pool's checkout and its query when the server was killed. So
  // every client gets a listener for its whole life; the dead client is not queryable any more, its
  // query fails (the route answers 503, db/unavailable.ts) and the pool discards it.
  pool.on('connect', (client) => client.on('error', () => {}));
  // pg-pool passes an idle client's error on to the pool once it has discarded the client, and an
  // 'error' with no listener throws. Prisma's adapter listens only from its first query on: a
  // connection terminated before that (raw pool work only, e.g. an intake at start-up or a test's
  // teardown dropping its database) ended the process. Nothing is left to do with the error.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/** The pg pool under a client made by createPrisma (plain SQL, values always as parameters). */
export function sqlPool(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('sqlPool: this Prisma client was not made by createPrisma');
  return pool;
}
