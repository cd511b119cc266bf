import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser, loginAs, originOf, randomIp, type StaffLogin } from '../support/staff.ts';

// R7: every staff mutation refuses a missing/wrong token, a foreign Origin, cross-site fetch metadata
// and non-JSON bodies with 403 — never a 2xx — and changes nothing.

let t: TestApp;
let admin: StaffLogin;
let other: StaffLogin;
let targetId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, 'admin');
  other = await loginAs(t, 'admin');
  targetId = (await createStaffUser(t.prisma, { role: 'agent', name: 'Target' })).id;
});

afterAll(async () => {
  await t?.close();
});

type Headers = Record<string, string>;
interface Mutation {
  name: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  url: () => string;
  payload: () => string | undefined;
}

const mutations: Mutation[] = [
  {
    name: 'POST /staff/users',
    method: 'POST',
    url: () => '/api/v1/staff/users',
    payload: () =>
      JSON.stringify({
        email: 'csrf-made@staff.test',
        name: 'Made',
        role: 'admin',
        password: 'p'.repeat(16),
      }),
  },
  {
    name: 'PATCH /staff/users/:id',
    method: 'PATCH',
    url: () => `/api/v1/staff/users/${targetId}`,
    payload: () => JSON.stringify({ role: 'admin', name: 'Changed' }),
  },
  {
    name: 'DELETE /staff/session',
    method: 'DELETE',
    url: () => '/api/v1/staff/session',
    payload: () => undefined,
  },
];

const without = (headers: Headers, ...names: string[]) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));

const cases: { name: string; headers: () => Headers }[] = [
  { name: 'no X-CSRF-Token', headers: () => without(admin.headers, 'x-csrf-token') },
  { name: 'empty X-CSRF-Token', headers: () => ({ ...admin.headers, 'x-csrf-token': '' }) },
  { name: 'wrong X-CSRF-Token', headers: () => ({ ...admin.headers, 'x-csrf-token': 'x'.repeat(43) }) },
  { name: "another session's token", headers: () => ({ ...admin.headers, 'x-csrf-token': other.csrfToken }) },
  { name: 'foreign Origin', headers: () => ({ ...admin.headers, origin: 'https://evil.test' }) },
  {
    name: 'Origin with another scheme',
    headers: () => ({ ...admin.headers, origin: 'https://portal.test' }),
  },
  {
    name: 'Origin with another port',
    headers: () => ({ ...admin.headers, origin: 'http://portal.test:8080' }),
  },
  { name: 'Origin null', headers: () => ({ ...admin.headers, origin: 'null' }) },
  { name: 'no Origin and no fetch metadata', headers: () => without(admin.headers, 'origin') },
  {
    name: 'no Origin, Sec-Fetch-Site cross-site',
    headers: () => ({ ...without(admin.headers, 'origin'), 'sec-fetch-site': 'cross-site' }),
  },
  {
    name: 'right Origin but Sec-Fetch-Site cross-site',
    headers: () => ({ ...admin.headers, 'sec-fetch-site': 'cross-site' }),
  },
  { name: 'Sec-Fetch-Site same-site', headers: () => ({ ...admin.headers, 'sec-fetch-site': 'same-site' }) },
  { name: 'Sec-Fetch-Site none', headers: () => ({ ...admin.headers, 'sec-fetch-site': 'none' }) },
  { name: 'Content-Type text/plain', headers: () => ({ ...admin.headers, 'content-type': 'text/plain' }) },
  {
    name: 'Content-Type form-urlencoded',
    headers: () => ({ ...admin.headers, 'content-type': 'application/x-www-form-urlencoded' }),
  },
  {
    name: 'Content-Type multipart',
    headers: () => ({ ...admin.headers, 'content-type': 'multipart/form-data; boundary=x' }),
  },
  {
    name: 'text/plain and no token (a cross-site form)',
    headers: () => ({ ...without(admin.headers, 'x-csrf-token', 'origin'), 'content-type': 'text/plain' }),
  },
];

async function snapshot() {
  const users = await t.prisma.staffUser.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, email: true, name: true, role: true },
  });
  const live = await t.prisma.staffSession.count({ where: { revokedAt: null } });
  return { users, live };
}

describe('CSRF matrix (R7)', () => {
  for (const mutation of mutations) {
    it(`${mutation.name}: refuses every cross-site shape with 403 and changes nothing`, async () => {
      const before = await snapshot();
      const seen: string[] = [];
      for (const c of cases) {
        const res = await t.app.inject({
          method: mutation.method,
          url: mutation.url(),
          headers: c.headers(),
          ...(mutation.payload() !== undefined ? { payload: mutation.payload() } : {}),
        });
        seen.push(`${c.name}: ${res.statusCode}`);
        expect(res.statusCode, c.name).toBe(403);
        expect(res.json(), c.name).toMatchObject({ code: 'csrf_failed' });
      }
      expect(seen).toHaveLength(cases.length);
      expect(await snapshot()).toEqual(before);
      expect(
        (await t.app.inject({ url: '/api/v1/staff/me', headers: { cookie: admin.cookie } })).statusCode,
      ).toBe(200);
    });
  }

  it('accepts the same-origin shapes: Origin, or Sec-Fetch-Site same-origin without Origin', async () => {
    const ok1 = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${targetId}`,
      headers: admin.headers,
      payload: { name: 'Renamed once' },
    });
    expect(ok1.statusCode).toBe(200);
    const ok2 = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${targetId}`,
      headers: { ...without(admin.headers, 'origin'), 'sec-fetch-site': 'same-origin' },
      payload: { name: 'Renamed twice' },
    });
    expect(ok2.statusCode).toBe(200);
    expect(ok2.json().name).toBe('Renamed twice');
    const charset = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/users/${targetId}`,
      headers: { ...admin.headers, 'content-type': 'application/json; charset=utf-8' },
      payload: { name: 'Renamed thrice' },
    });
    expect(charset.statusCode).toBe(200);
  });

  it('reads need no token (GET /staff/me, GET /staff/users)', async () => {
    for (const url of ['/api/v1/staff/me', '/api/v1/staff/users']) {
      const res = await t.app.inject({ url, headers: { cookie: admin.cookie } });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('a logged-out mutation is 401 with same-origin headers, 403 with cross-site ones', async () => {
    const sameOrigin = { origin: originOf(t), 'content-type': 'application/json' };
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers: sameOrigin });
    expect(out.statusCode).toBe(401);
    const cross = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/staff/session',
      headers: { ...sameOrigin, origin: 'https://evil.test' },
    });
    expect(cross.statusCode).toBe(403);
  });
});

describe('login CSRF (same-origin check without a token)', () => {
  const user = { email: '', password: '' };
  beforeAll(async () => {
    const created = await createStaffUser(t.prisma, { role: 'agent' });
    Object.assign(user, { email: created.email, password: created.password });
  });

  const attempt = (headers: Headers, payload: string = JSON.stringify(user)) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: randomIp(),
      headers,
      payload,
    });

  it('refuses a foreign Origin, missing origin data, cross-site metadata and non-JSON bodies', async () => {
    const json = { origin: originOf(t), 'content-type': 'application/json' };
    const refused: [string, Headers][] = [
      ['foreign Origin', { ...json, origin: 'https://evil.test' }],
      ['no Origin', { 'content-type': 'application/json' }],
      ['cross-site', { ...json, 'sec-fetch-site': 'cross-site' }],
      ['text/plain', { ...json, 'content-type': 'text/plain' }],
      ['form', { ...json, 'content-type': 'application/x-www-form-urlencoded' }],
    ];
    for (const [name, headers] of refused) {
      const res = await attempt(headers);
      expect(res.statusCode, name).toBe(403);
      expect(res.json(), name).toMatchObject({ code: 'csrf_failed' });
      expect(res.cookies, name).toEqual([]);
    }
    expect((await attempt(json)).statusCode).toBe(200);
    const fetchMetadataOnly = await attempt({
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
    });
    expect(fetchMetadataOnly.statusCode).toBe(200);
  });
});
