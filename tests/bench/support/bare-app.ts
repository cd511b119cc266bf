// The P1/P2/P4/P5 baseline: a bare Fastify route doing one `pg` INSERT into `bare_requests`, a table
// shaped like `requests` (same columns, defaults and indexes; see intake.ts), on the same PostgreSQL,
// with the same pool size as the portal's Prisma pool. No validation, no rate limit, no audit.
//   node --import tsx tests/bench/support/bare-app.ts <databaseUrl>   (forked by intake.ts)
import Fastify from 'fastify';
import pg from 'pg';
import { serveCommands } from './served.ts';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: bare-app.ts <databaseUrl>');
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.BENCH_POOL ?? 10) });
const app = Fastify({ logger: false, trustProxy: true });
app.post('/bare', async (request, reply) => {
  const body = request.body as {
    type: string;
    email: string;
    fullName: string;
    locale?: string;
    details?: object;
  };
  const { rows } = await pool.query(
    `INSERT INTO bare_requests (type, email, "fullName", locale, details, gpc)
     VALUES ($1, $2, $3, $4, $5, false) RETURNING reference`,
    [body.type, body.email, body.fullName, body.locale ?? 'fr', body.details ?? {}],
  );
  return reply.status(202).send({ reference: rows[0].reference, status: 'pending_verification' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
serveCommands(typeof address === 'object' && address ? address.port : 0, async () => {
  await app.close();
  await pool.end();
});
