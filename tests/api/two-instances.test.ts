// R21: two real app processes (api/src/server.ts, as `npm start` runs it) on one PostgreSQL, as behind
// a load balancer. Per-IP limits and login throttles are one budget across both and survive a restart,
// the same Retry-After either way; a staff session and a subject's access token opened on one work on
// the other; the scheduled jobs are registered once. supertest against their real sockets.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../api/src/db/client.ts';
import type { PrismaClient } from '../../api/src/db/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { freePort, type SmtpSink, startSmtpSink } from '../support/smtp.ts';
import { createStaffUser } from '../support/staff.ts';

const PUBLIC_URL = 'http://portal.test';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-two-instances-'));

let db: TestDatabase;
let smtp: SmtpSink;
let prisma: PrismaClient;
let a: ServerProcess;
let b: ServerProcess;

function startInstance(port: number): Promise<ServerProcess> {
  return startServerProcess({
    port,
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpSink();
  prisma = createPrisma(db.url);
  // One after the other: the second finds the migrations applied by the first.
  a = await startInstance(await freePort());
  b = await startInstance(await freePort());
}, 150_000);

afterAll(async () => {
  for (const instance of [a, b]) await instance?.stop();
  await prisma?.$disconnect();
  await smtp?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

let ipSeq = 0;
const freshIp = () => `10.121.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

describe('two instances on one database (R21)', () => {
  it('share one per-IP intake budget (20 a minute) that a restart does not reset', async () => {
    const ip = freshIp();
    // Alternating instances: 20 attempts (invalid bodies, still counted) spend the one budget.
    for (let i = 0; i < 20; i++) {
      const res = await request(i % 2 ? b.base : a.base)
        .post('/api/v1/requests')
        .set('x-forwarded-for', ip)
        .send({});
      expect(res.status).toBe(400);
    }
    for (const instance of [a, b]) {
      const res = await request(instance.base).post('/api/v1/requests').set('x-forwarded-for', ip).send({});
      expect(res.status).toBe(429);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Instance A restarts: the window is still there.
    expect(await a.stop()).toBe(0);
    a = await startInstance(a.port);
    const after = await request(a.base).post('/api/v1/requests').set('x-forwarded-for', ip).send({});
    expect(after.status).toBe(429);
    // Another client is untouched.
    const other = await request(a.base).post('/api/v1/requests').set('x-forwarded-for', freshIp()).send({});
    expect(other.status).toBe(400);
  }, 120_000);

  it('share the login throttle: 10 failures for one account from one address, spread over both, then 429 on either', async () => {
    const user = await createStaffUser(prisma, { role: 'agent' });
    const ip = freshIp();
    const attempt = (instance: ServerProcess, password: string, from = ip) =>
      request(instance.base)
        .post('/api/v1/staff/session')
        .set('origin', PUBLIC_URL)
        .set('x-forwarded-for', from)
        .send({ email: user.email, password });
    for (let i = 0; i < 10; i++) {
      expect((await attempt(i % 2 ? a : b, 'wrong password, twelve+')).status).toBe(401);
    }
    for (const instance of [a, b]) {
      const res = await attempt(instance, user.password);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The owner, from another address, signs in on A; the session works on B, and so does sign-out.
    const signedIn = await attempt(a, user.password, freshIp());
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^sid=/);
    const me = await request(b.base).get('/api/v1/staff/me').set('cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: user.email } });
    const out = await request(b.base)
      .delete('/api/v1/staff/session')
      .set('cookie', cookie)
      .set('origin', PUBLIC_URL)
      .set('x-csrf-token', signedIn.body.csrfToken)
      .set('content-type', 'application/json')
      .send('{}');
    expect(out.status).toBeLessThan(300);
    expect((await request(a.base).get('/api/v1/staff/me').set('cookie', cookie)).status).toBe(401);
  }, 60_000);

  it("opens a subject's request on either: filed on A, verified on B, read on A", async () => {
    const email = `two.instances.${Date.now()}@example.test`;
    const filed = await request(a.base)
      .post('/api/v1/requests')
      .set('x-forwarded-for', freshIp())
      .send({ type: 'access', email, fullName: 'Twin Instances', locale: 'en', details: { scope: 'all' } });
    expect(filed.status).toBe(202);
    await smtp.waitFor((messages) => messages.some((m) => m.to.includes(email)), 30_000);
    const mail = smtp.messages.find((m) => m.to.includes(email));
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const verified = await request(b.base)
      .post('/api/v1/verifications')
      .set('x-forwarded-for', freshIp())
      .send({ token });
    expect(verified.status).toBe(200);
    const mine = await request(a.base)
      .get('/api/v1/requests/me')
      .set('authorization', `Bearer ${verified.body.accessToken}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ reference: filed.body.reference, status: 'verified' });
  }, 60_000);

  it('registers each scheduled job once, whichever instance started it (pg-boss runs a schedule once per tick)', async () => {
    const rows = await prisma.$queryRawUnsafe<Array<{ name: string; n: number }>>(
      'SELECT name, count(*)::int AS n FROM pgboss.schedule GROUP BY name',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual({ name: row.name, n: 1 });
  });
});
