import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser, loginAs, originOf, type StaffLogin } from '../support/staff.ts';
import { fileAndVerify } from './staff-requests.fixtures.ts';

// R8: every staff route and every subject route × every kind of caller. The property: zero 2xx for a
// caller the route does not authorise; and the authorised callers are not turned away (no 401/403).

type Caller = 'admin' | 'agent' | 'auditor' | 'anonymous' | 'subject';
const CALLERS: Caller[] = ['admin', 'agent', 'auditor', 'anonymous', 'subject'];

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: Record<string, unknown> | (() => Promise<Record<string, unknown>> | Record<string, unknown>);
  allowed: Caller[];
}

let t: TestApp;
const logins = {} as Record<'admin' | 'agent' | 'auditor', StaffLogin>;
let subjectToken: string;
let reference: string;
let other: { reference: string; token: string };
let targetUserId: string;
let taskId: string;

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ['admin', 'agent', 'auditor'] as const) logins[role] = await loginAs(t, role);
  const filed = await fileAndVerify(t);
  subjectToken = filed.accessToken;
  reference = filed.reference;
  const second = await fileAndVerify(t);
  other = { reference: second.reference, token: second.accessToken };
  targetUserId = (await createStaffUser(t.prisma, { role: 'agent' })).id;
  const request = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  taskId = (
    await t.prisma.task.create({
      data: { requestId: request.id, system: 'matrix', description: 'Matrix task' },
      select: { id: true },
    })
  ).id;
});

afterAll(async () => {
  await t?.close();
});

const versionOf = async (ref: string) =>
  (await t.prisma.request.findUniqueOrThrow({ where: { reference: ref }, select: { version: true } }))
    .version;

const STAFF_READERS: Caller[] = ['admin', 'agent', 'auditor'];
const ROUTES: Route[] = [
  { name: 'queue', method: 'GET', url: () => '/api/v1/staff/requests', allowed: STAFF_READERS },
  {
    name: 'queue filtered',
    method: 'GET',
    url: () => '/api/v1/staff/requests?status=completed&q=DSR',
    allowed: STAFF_READERS,
  },
  { name: 'detail', method: 'GET', url: () => `/api/v1/staff/requests/${reference}`, allowed: STAFF_READERS },
  {
    name: 'action note',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/actions`,
    payload: async () => ({ action: 'note', expectedVersion: await versionOf(reference), body: 'matrix' }),
    allowed: ['admin', 'agent'],
  },
  {
    name: 'action start',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/actions`,
    payload: async () => ({ action: 'start', expectedVersion: await versionOf(reference) }),
    allowed: ['admin', 'agent'],
  },
  // The first authorised caller closes the task (200), the next one gets 409: never 401/403.
  {
    name: 'task close',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/tasks/${taskId}`,
    payload: { status: 'done', note: 'matrix' },
    allowed: ['admin', 'agent'],
  },
  // In progress after 'action start': the first authorised caller fulfils (200), then 200 again or 422.
  {
    name: 'action fulfil',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/actions`,
    payload: async () => ({ action: 'fulfil', expectedVersion: await versionOf(reference) }),
    allowed: ['admin', 'agent'],
  },
  {
    name: 'fulfilment match',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/fulfilment/match`,
    allowed: ['admin', 'agent'],
  },
  {
    name: 'identifier add',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/identifiers`,
    payload: () => ({ kind: 'other', value: `matrix-${randomBytes(3).toString('hex')}` }),
    allowed: ['admin', 'agent'],
  },
  // Nothing failed: authorised callers get 422 source_not_retryable.
  {
    name: 'source retry',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/fulfilment/sources/customers/retry`,
    allowed: ['admin', 'agent'],
  },
  {
    name: 'package',
    method: 'GET',
    url: () => `/api/v1/staff/requests/${reference}/package`,
    allowed: STAFF_READERS,
  },
  {
    name: 'package records',
    method: 'GET',
    url: () => `/api/v1/staff/requests/${reference}/package/records?source=customers&table=customers`,
    allowed: STAFF_READERS,
  },
  {
    name: 'package exclusion',
    method: 'POST',
    url: () => `/api/v1/staff/requests/${reference}/package/exclusions`,
    payload: { recordId: '1', reason: 'matrix' },
    allowed: ['admin', 'agent'],
  },
  { name: 'register.csv', method: 'GET', url: () => '/api/v1/staff/register.csv', allowed: STAFF_READERS },
  { name: 'dashboard', method: 'GET', url: () => '/api/v1/staff/dashboard', allowed: STAFF_READERS },
  { name: 'users list', method: 'GET', url: () => '/api/v1/staff/users', allowed: ['admin'] },
  {
    name: 'users create',
    method: 'POST',
    url: () => '/api/v1/staff/users',
    payload: () => ({
      email: `matrix-${randomBytes(4).toString('hex')}@staff.test`,
      name: 'Matrix User',
      role: 'agent',
      password: 'a long enough password 1',
    }),
    allowed: ['admin'],
  },
  {
    name: 'users update',
    method: 'PATCH',
    url: () => `/api/v1/staff/users/${targetUserId}`,
    payload: () => ({ name: `Renamed ${randomBytes(2).toString('hex')}` }),
    allowed: ['admin'],
  },
  { name: 'me', method: 'GET', url: () => '/api/v1/staff/me', allowed: STAFF_READERS },
  {
    name: 'me update',
    method: 'PATCH',
    url: () => '/api/v1/staff/me',
    payload: { locale: 'en' },
    allowed: STAFF_READERS,
  },
  { name: 'subject view', method: 'GET', url: () => '/api/v1/requests/me', allowed: ['subject'] },
  {
    name: 'subject message',
    method: 'POST',
    url: () => '/api/v1/requests/me/messages',
    payload: { body: 'matrix' },
    allowed: ['subject'],
  },
  // The subject's request is not denied: an authorised subject gets 422, never 401/403.
  {
    name: 'subject appeal',
    method: 'POST',
    url: () => '/api/v1/requests/me/appeal',
    payload: { body: 'matrix' },
    allowed: ['subject'],
  },
];

/** The app's error lines (ids, codes and stacks: no personal data), for a 5xx's failure message. */
const serverErrors = () => t.logs.filter((line) => JSON.parse(line).level >= 50).join('\n');

function headersFor(caller: Caller): Record<string, string> {
  const base = { origin: originOf(t), 'content-type': 'application/json' };
  if (caller === 'anonymous') return base;
  if (caller === 'subject') return { ...base, authorization: `Bearer ${subjectToken}` };
  return { ...logins[caller].headers };
}

describe('R8: role × route', () => {
  it('no unauthorised 2xx; authorised callers get through', async () => {
    const table: string[] = [];
    let unauthorised2xx = 0;
    let checked = 0;
    for (const route of ROUTES) {
      for (const caller of CALLERS) {
        const payload = typeof route.payload === 'function' ? await route.payload() : route.payload;
        const res = await t.app.inject({
          method: route.method,
          url: route.url(),
          headers: headersFor(caller),
          remoteAddress: `10.88.${CALLERS.indexOf(caller)}.${ROUTES.indexOf(route) + 1}`,
          ...(payload ? { payload } : {}),
        });
        checked += 1;
        table.push(`${route.name.padEnd(16)} ${caller.padEnd(9)} ${res.statusCode}`);
        if (route.allowed.includes(caller)) {
          expect([401, 403], `${route.name} as ${caller}: ${res.body}`).not.toContain(res.statusCode);
          expect(
            res.statusCode,
            `${route.name} as ${caller}: ${res.body} ${res.statusCode >= 500 ? serverErrors() : ''}`,
          ).toBeLessThan(500);
        } else {
          if (res.statusCode < 300) unauthorised2xx += 1;
          expect([401, 403], `${route.name} as ${caller}: ${res.statusCode} ${res.body}`).toContain(
            res.statusCode,
          );
        }
      }
    }
    console.info(`R8: ${checked} route × caller checks, ${unauthorised2xx} unauthorised 2xx`);
    expect(unauthorised2xx).toBe(0);
  });

  it("a subject's token never opens another request: subject routes take no reference", async () => {
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(mine.json().reference).toBe(other.reference);
    for (const url of [`/api/v1/requests/${reference}`, `/api/v1/requests/me?reference=${reference}`]) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${other.token}` },
      });
      // Either refused, or still the bearer's own request: never the one named in the URL.
      if (res.statusCode < 400) expect(res.json().reference, url).toBe(other.reference);
      else expect(res.body).not.toContain('"status":"verified"');
    }
  });

  it('staff mutations without the CSRF token or from another origin are 403', async () => {
    const { cookie } = logins.agent;
    const payload = { action: 'note', expectedVersion: await versionOf(reference), body: 'csrf' };
    const url = `/api/v1/staff/requests/${reference}/actions`;
    const noToken = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, origin: originOf(t), 'content-type': 'application/json' },
      payload,
    });
    expect(noToken.statusCode).toBe(403);
    const foreign = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...logins.agent.headers, origin: 'https://evil.test' },
      payload,
    });
    expect(foreign.statusCode).toBe(403);
  });
});
