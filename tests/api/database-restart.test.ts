// R15: the PostgreSQL server is killed (SIGKILL of the postmaster) while clients file requests, then
// started again on the same data directory. The portal is the real process (api/src/server.ts) on a
// cluster of this test's own, so killing it touches no other test. While the database is down every
// answer is a 503 problem+json with Retry-After (never a 500, never a hang); once it is back the same
// process answers 202 again without a restart, its jobs run again (a request filed after recovery gets
// its mail), and every request that was answered 202 exists with its audit event and its mail.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma } from '../../api/src/db/client.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../api/src/db/embedded.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { freePort, type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const CLIENTS = 4;
const CLIENT_TIMEOUT_MS = 15_000;
const root = mkdtempSync(path.join(os.tmpdir(), 'dsr-db-restart-'));
chmodSync(root, 0o755); // as root, the cluster runs as `postgres`, which must reach its directory
const pgDir = path.join(root, 'pg');
const appDir = path.join(root, 'app');
let pgPort: number;
let cluster: EmbeddedPostgres | undefined;
let smtp: SmtpSink;
let server: ServerProcess | undefined;

beforeAll(async () => {
  pgPort = await freePort();
  // Durable settings (fsync, synchronous commit): a commit acknowledged before the kill must survive.
  cluster = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, log: () => {} });
  smtp = await startSmtpSink();
  // The portal applies the migrations at start, as in production.
  server = await startServerProcess({
    env: {
      DATA_DIR: appDir,
      DATABASE_URL: cluster.connectionString,
      SMTP_URL: smtp.url,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
  await smtp?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

interface Answer {
  email: string;
  sentWhile: 'up' | 'down' | 'restarting';
  status: number | 'timeout' | 'error';
  type: string;
  retryAfter: string | undefined;
  code: string | undefined;
  reference: string | undefined;
}

let seq = 0;
async function intake(sentWhile: Answer['sentWhile']): Promise<Answer> {
  const n = ++seq;
  const email = `restart.${n}@example.test`;
  try {
    const res = await request(server!.base)
      .post('/api/v1/requests')
      .set('x-forwarded-for', `10.150.${n >> 8}.${n & 255}`)
      .timeout(CLIENT_TIMEOUT_MS)
      .send({ type: 'access', email, fullName: 'Restart Subject', locale: 'en', details: { scope: 'all' } });
    return {
      email,
      sentWhile,
      status: res.status,
      type: String(res.headers['content-type'] ?? ''),
      retryAfter: res.headers['retry-after'],
      code: res.body?.code,
      reference: res.status === 202 ? res.body.reference : undefined,
    };
  } catch (error) {
    const timeout = (error as { timeout?: unknown }).timeout !== undefined;
    return {
      email,
      sentWhile,
      status: timeout ? 'timeout' : 'error',
      type: '',
      retryAfter: undefined,
      code: undefined,
      reference: undefined,
    };
  }
}

function postmasterPid(): number {
  const pid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(pid).toBeGreaterThan(0);
  return pid;
}

/** Where the jobs of the requests filed by these addresses stand (for a failure's message). */
async function jobsOf(emails: string[]): Promise<string> {
  const prisma = createPrisma(cluster!.connectionString);
  try {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT r.reference, j.name, j.state, j.retry_count, j.created_on, j.started_on, j.start_after, j.output
         FROM requests r
         JOIN (SELECT name, state, retry_count, created_on, started_on, start_after, output, data FROM pgboss.job
               UNION ALL
               SELECT name, state, retry_count, created_on, started_on, start_after, output, data FROM pgboss.archive) j
           ON j.data->>'requestId' = r.id::text OR j.data->>'to' = r.email
        WHERE r.email = ANY($1::text[])
        ORDER BY r.reference, j.created_on`,
      emails.slice(0, 5),
    );
    return `${JSON.stringify(rows)} (now ${new Date().toISOString()})`;
  } finally {
    await prisma.$disconnect();
  }
}

/** Starts the cluster again on its data directory and port once the killed server's processes are gone. */
async function restartCluster(timeoutMs: number): Promise<EmbeddedPostgres> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, log: () => {} });
    } catch (error) {
      // Backends of the killed postmaster may still hold its shared memory for a moment.
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

it('answers 503 with Retry-After while PostgreSQL is down, recovers without a restart, and loses nothing answered 202', async () => {
  const started = Date.now();
  const answers: Answer[] = [];
  let phase: Answer['sentWhile'] = 'up';
  let stop = false;
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!stop) answers.push(await intake(phase));
  });

  const until = async (what: string, check: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // Load first, then the kill in the middle of it.
  await until('40 intakes answered', () => answers.length >= 40, 60_000);
  const killedAt = Date.now();
  process.kill(postmasterPid(), 'SIGKILL');
  phase = 'down';
  // Keep sending while it is down: at least 40 answers and 3 s.
  const downFrom = answers.length;
  await until(
    'answers while the database is down',
    () => answers.length - downFrom >= 40 && Date.now() - killedAt >= 3_000,
    60_000,
  );
  phase = 'restarting';
  const restartFrom = Date.now();
  cluster = await restartCluster(30_000);
  const backAt = Date.now();
  const restartMs = backAt - restartFrom;
  stop = true;
  await Promise.all(clients);

  // Never a 500, a hang or a dropped connection; everything sent while down is a 503 problem+json.
  const unexpected = answers.filter((a) => a.status !== 202 && a.status !== 503);
  expect(
    unexpected,
    `${JSON.stringify(unexpected.slice(0, 3))}\nserver (exit ${server!.child.exitCode}):\n${server!.output().slice(-3000)}`,
  ).toEqual([]);
  for (const a of answers.filter((x) => x.status === 503)) {
    expect(a.type).toMatch(/^application\/problem\+json/);
    expect(a.code).toBe('service_unavailable');
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
  }
  const sentDown = answers.filter((a) => a.sentWhile === 'down');
  expect(sentDown.length).toBeGreaterThanOrEqual(40);
  expect(sentDown.filter((a) => a.status !== 503)).toEqual([]);

  // The same process recovers: intakes are answered 202 again (503 until its pool reconnects).
  const recovery: Answer[] = [];
  const recoveryDeadline = Date.now() + 30_000;
  while (!recovery.some((a) => a.status === 202)) {
    if (Date.now() > recoveryDeadline)
      throw new Error(`no 202 after the restart: ${JSON.stringify(recovery.at(-1))}`);
    recovery.push(await intake('up'));
  }
  expect(recovery.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
  const after = await Promise.all(Array.from({ length: 10 }, () => intake('up')));
  expect(after.map((a) => a.status)).toEqual(Array(10).fill(202));
  expect(server!.child.exitCode).toBeNull(); // never restarted

  // Jobs recover: a request filed after the restart gets its verification mail.
  const lateEmail = after[0]!.email;
  await smtp.waitFor((m) => m.some((x) => x.to.includes(lateEmail)), 60_000);

  // Every request answered 202 exists with its audit event, and its mail was delivered once.
  const accepted = [...answers, ...recovery, ...after].filter((a) => a.status === 202);
  const prisma = createPrisma(cluster.connectionString);
  try {
    const rows = await prisma.request.findMany({
      where: { reference: { in: accepted.map((a) => a.reference!) } },
      select: { reference: true, events: { where: { type: 'request.received' }, select: { id: true } } },
    });
    expect(rows.map((r) => r.reference).sort()).toEqual(accepted.map((a) => a.reference).sort());
    expect(rows.filter((r) => r.events.length !== 1)).toEqual([]);
  } finally {
    await prisma.$disconnect();
  }
  const acceptedEmails = new Set(accepted.map((a) => a.email));
  // The slowest recovery is a mail job cut off by the kill: its 60-s expiry, found by maintenance
  // within 30–60 s, then its 1-min retry delay (docs/operations.md): 240 s leaves a minute spare.
  try {
    await smtp.waitFor((m) => [...acceptedEmails].every((e) => m.some((x) => x.to.includes(e))), 240_000);
  } catch (error) {
    const missing = [...acceptedEmails].filter((e) => !smtp.messages.some((x) => x.to.includes(e)));
    throw new Error(`${(error as Error).message}; no mail for ${missing.length}: ${await jobsOf(missing)}`);
  }
  const lastMailS = ((Date.now() - backAt) / 1000).toFixed(0);
  // One mail per request: a single Message-ID per recipient. A mail handed to SMTP at the instant
  // the database died cannot have its completion recorded, so it is sent again after its job's
  // expiry with the same Message-ID (at least once, never a second different mail).
  const perRecipient = new Map<string, Set<string>>();
  for (const m of smtp.messages)
    for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? new Set()).add(m.messageId));
  expect([...acceptedEmails].filter((e) => perRecipient.get(e)?.size !== 1)).toEqual([]);
  const resent = smtp.messages.length - perRecipient.size;

  const count = (s: Answer['status']) => answers.filter((a) => a.status === s).length;
  console.log(
    `R15: ${answers.length} intakes under load (${CLIENTS} clients): ${count(202)} × 202, ${count(503)} × 503 ` +
      `(${sentDown.length} sent while down, all 503); cluster back in ${restartMs} ms; ` +
      `${recovery.length} intake(s) until the first 202 after it; ${accepted.length} accepted, each with ` +
      `its audit event and one mail (${resent} sent again with its Message-ID), the last ${lastMailS} s after ` +
      `the cluster was back; ${Date.now() - started} ms in all`,
  );
}, 420_000);
