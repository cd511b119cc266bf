// R1/R15 edge cases: values zod accepts as strings but PostgreSQL refuses (the NUL character, dates
// outside its range) get a 400 naming the field, and a database that does not answer gives 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { createPrisma } from '../../api/src/db/client.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';

let t: TestApp;
let admin: StaffLogin;
let ip = 0;
const nextIp = () => `10.50.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const NUL = '\u0000';
const request = (overrides: Record<string, unknown>) => ({
  type: 'erasure',
  email: `nul.${Date.now()}.${ip}@example.test`,
  fullName: 'Ada Nul',
  details: {},
  ...overrides,
});

function expect400(
  res: { statusCode: number; json(): unknown; headers: Record<string, unknown> },
  path?: string,
) {
  expect(res.statusCode).toBe(400);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json() as { code: string; errors?: Array<{ path: string }> };
  expect(body.code).toBe('validation_failed');
  if (path) expect(body.errors?.map((e) => e.path)).toContain(path);
}

describe('the NUL character', () => {
  it('is refused in public and staff text fields with a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fullName: `Ada${NUL}Nul` }, 'fullName'],
      [{ message: `hello${NUL}` }, 'message'],
      [{ details: { scope: `a${NUL}b` } }, 'details.scope'],
    ];
    for (const [body, path] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        remoteAddress: nextIp(),
        payload: request(body),
      });
      expect400(res, path);
    }
    expect(await t.prisma.request.count()).toBe(0);

    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/users',
      headers: admin.headers,
      payload: {
        email: 'new.agent@example.test',
        name: `Bad${NUL}Name`,
        role: 'agent',
        password: 'long enough password',
      },
    });
    expect400(user, 'name');
    const search = await t.app.inject({
      url: `/api/v1/staff/requests?q=${encodeURIComponent(`a${NUL}b`)}`,
      headers: admin.headers,
    });
    expect400(search, 'query.q');
    const detail = await t.app.inject({ url: '/api/v1/staff/requests/DSR%00', headers: admin.headers });
    expect(detail.statusCode).toBe(400);
  });
});

describe('dates outside what the database can compare', () => {
  it('are refused in dueBefore and in a forged cursor', async () => {
    for (const dueBefore of ['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z']) {
      const res = await t.app.inject({
        url: `/api/v1/staff/requests?dueBefore=${encodeURIComponent(dueBefore)}`,
        headers: admin.headers,
      });
      expect400(res, 'query.dueBefore');
    }
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const due of ['-100000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-02-30T00:00:00Z']) {
      const cursor = Buffer.from(JSON.stringify([due, uuid])).toString('base64url');
      const res = await t.app.inject({
        url: `/api/v1/staff/requests?cursor=${cursor}`,
        headers: admin.headers,
      });
      expect400(res, 'query.cursor');
    }
  });
});

describe('a database that does not answer', () => {
  it('gives 503 problem+json with Retry-After on intake and verification, never 500', async () => {
    const prisma = createPrisma('postgresql://nobody:nothing@127.0.0.1:1/none');
    const down = await buildApp({ ...t.app.deps, prisma, logger: false });
    try {
      const intake = await down.inject({ method: 'POST', url: '/api/v1/requests', payload: request({}) });
      expect(intake.statusCode).toBe(503);
      expect(intake.headers['retry-after']).toBeDefined();
      expect(intake.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      const verify = await down.inject({
        method: 'POST',
        url: '/api/v1/verifications',
        payload: { token: 'a'.repeat(43) },
      });
      expect(verify.statusCode).toBe(503);
    } finally {
      await down.close();
      await prisma.$disconnect();
    }
  });
});
