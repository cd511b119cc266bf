import { subjectViewSchema } from '@dsr/shared/subject-view';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../api/src/db/types.ts';
import { newToken } from '../../api/src/lib/tokens.ts';
import { transitionRequest } from '../../api/src/modules/requests/request.transition.ts';
import { issueAccessToken } from '../../api/src/modules/tokens/tokens.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

// The subject's status page API: bearer auth, the view, cancel, messages, IDOR and rate limits.
// Requests are inserted directly (the state they start in is the point of each test); the full
// HTTP journey from intake lives in journey.test.ts.

let t: TestApp;
let seq = 0;
const used = { emails: [] as string[], names: [] as string[], tokens: [] as string[] };

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

interface Seeded {
  id: string;
  reference: string;
  email: string;
  token: string;
}

/** A request in `status` with its receipt audit events and an access token. */
async function seed(
  overrides: Partial<Prisma.RequestUncheckedCreateInput> = {},
  events: Array<Omit<Prisma.AuditEventUncheckedCreateInput, 'requestId'>> = [],
): Promise<Seeded> {
  seq += 1;
  const email = `subject.${seq}.${Date.now()}@example.test`;
  const fullName = `Subjectname${seq} Lastname`;
  used.emails.push(email);
  used.names.push(fullName);
  const verifiedAt = new Date(t.clock.now.getTime() - 3_600_000);
  const request = await t.prisma.request.create({
    data: {
      type: 'access',
      status: 'verified',
      email,
      fullName,
      locale: 'en',
      details: { scope: 'order history' },
      receivedAt: new Date(verifiedAt.getTime() - 60_000),
      verifiedAt,
      dueAt: new Date(verifiedAt.getTime() + 30 * 86_400_000),
      ...overrides,
    },
    select: { id: true, reference: true },
  });
  await t.prisma.auditEvent.createMany({
    data: [
      {
        requestId: request.id,
        actorType: 'subject',
        type: 'request.received',
        toStatus: 'pending_verification',
      },
      {
        requestId: request.id,
        actorType: 'subject',
        type: 'request.verified',
        fromStatus: 'pending_verification',
        toStatus: 'verified',
      },
      ...events.map((e) => ({ ...e, requestId: request.id })),
    ],
  });
  const token = await t.prisma.$transaction((tx) => issueAccessToken(tx, request.id, t.clock.now));
  used.tokens.push(token);
  return { ...request, email, token };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string, remoteAddress = '10.0.0.1') =>
  t.app.inject({ method: 'GET', url: '/api/v1/requests/me', headers: auth(token), remoteAddress });
const post = (url: string, token: string, payload?: unknown, remoteAddress = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/requests/me${url}`,
    headers: auth(token),
    remoteAddress,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code });
}

describe('bearer authentication', () => {
  it('answers 401 unauthorized with WWW-Authenticate for a missing, garbage, unknown, expired, revoked or link token', async () => {
    const subject = await seed();
    const link = newToken();
    await t.prisma.requestToken.create({
      data: {
        tokenHash: link.hash,
        purpose: 'verify',
        requestId: subject.id,
        expiresAt: new Date(t.clock.now.getTime() + 86_400_000),
      },
    });
    const revoked = await seed();
    await t.prisma.requestToken.updateMany({
      where: { requestId: revoked.id },
      data: { revokedAt: t.clock.now },
    });

    const cases: Array<Record<string, string>> = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer garbage' },
      { authorization: `Bearer ${'x'.repeat(5000)}` },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `Bearer ${newToken().token}` },
      { authorization: `Bearer ${subject.token.slice(0, 42)}` },
      { authorization: `Bearer ${link.token}` },
      { authorization: `Bearer ${revoked.token}` },
      { authorization: `Bearer ${subject.token} extra` },
    ];
    for (const headers of cases) {
      for (const [method, url] of [
        ['GET', '/api/v1/requests/me'],
        ['POST', '/api/v1/requests/me/cancel'],
        ['POST', '/api/v1/requests/me/messages'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers, payload: method === 'POST' ? {} : undefined });
        expectProblem(res, 401, 'unauthorized');
        expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer/);
      }
    }
    // Nothing happened to the request behind the link token.
    expect((await me(subject.token)).json().status).toBe('verified');
  });

  it('rejects an access token after its 30 days', async () => {
    const subject = await seed();
    expect((await me(subject.token)).statusCode).toBe(200);
    const start = t.clock.now;
    t.clock.advance(30 * 86_400_000 + 1000);
    try {
      expectProblem(await me(subject.token), 401, 'unauthorized');
    } finally {
      t.clock.set(start);
    }
  });

  it('keeps the bearer hook inside the subject routes', async () => {
    expect((await t.app.inject('/api/v1/health')).statusCode).toBe(200);
  });
});

describe('GET /requests/me', () => {
  it('answers the view of the request, with no staff identity, internal note or personal data of others', async () => {
    const staff = await t.prisma.staffUser.create({
      data: {
        email: 'agent.view@isolectra.test',
        name: 'Agentname Viewer',
        role: 'agent',
        passwordHash: 'x',
      },
      select: { id: true },
    });
    used.emails.push('agent.view@isolectra.test');
    const subject = await seed(
      {
        status: 'in_progress',
        extensionMonths: 2,
        extensionReason: 'Several systems to search',
        extendedDueAt: new Date('2030-03-31T21:59:59.999Z'),
        dueAt: new Date('2030-01-31T22:59:59.999Z'),
        assigneeId: staff.id,
      },
      [
        { actorType: 'staff', actorId: staff.id, type: 'request.assigned', data: { assigneeId: staff.id } },
        {
          actorType: 'staff',
          actorId: staff.id,
          type: 'request.status_changed',
          fromStatus: 'verified',
          toStatus: 'in_progress',
          data: { action: 'start' },
        },
        { actorType: 'staff', actorId: staff.id, type: 'request.note_added', data: { noteId: 'n1' } },
        {
          actorType: 'staff',
          actorId: staff.id,
          type: 'request.extended',
          data: { months: 2, dueAt: '2030-03-31T21:59:59.999Z' },
        },
        { actorType: 'staff', actorId: staff.id, type: 'message.from_staff', data: { messageId: 'm1' } },
      ],
    );
    await t.prisma.message.createMany({
      data: [
        {
          requestId: subject.id,
          from: 'staff',
          authorId: staff.id,
          body: 'Secret internal note',
          internal: true,
        },
        { requestId: subject.id, from: 'staff', authorId: staff.id, body: 'We are on it.' },
      ],
    });

    const res = await me(subject.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const view = subjectViewSchema.parse(res.json());
    expect(view).toMatchObject({
      reference: subject.reference,
      type: 'access',
      status: 'in_progress',
      details: { scope: 'order history' },
      dueAt: '2030-03-31T21:59:59.999Z',
      extension: { months: 2, reason: 'Several systems to search', dueAt: '2030-03-31T21:59:59.999Z' },
      outcome: null,
      downloads: [],
      allowedActions: ['cancel', 'reply'],
    });
    expect(view.messages).toEqual([{ from: 'staff', body: 'We are on it.', at: expect.any(String) }]);
    expect(view.timeline.map((e) => e.type)).toEqual([
      'received',
      'verified',
      'status_changed',
      'extended',
      'message',
    ]);
    expect(view.timeline[2]).toMatchObject({ from: 'verified', to: 'in_progress' });
    expect(view.timeline[3]).toMatchObject({ months: 2, dueAt: '2030-03-31T21:59:59.999Z' });
    const raw = res.body;
    for (const secret of [
      staff.id,
      'Agentname',
      'agent.view',
      'Secret internal note',
      subject.email,
      subject.id,
    ]) {
      expect(raw).not.toContain(secret);
    }
    for (const value of [view.receivedAt, view.verifiedAt, view.dueAt]) {
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('shows a denial as the outcome and offers an appeal for 60 days only', async () => {
    const deniedAt = new Date(t.clock.now.getTime() - 86_400_000);
    const subject = await seed(
      {
        status: 'denied',
        closedAt: deniedAt,
        denialReasonCode: 'manifestly_unfounded',
        denialExplanation: 'Same request answered last week.',
      },
      [
        {
          actorType: 'staff',
          type: 'request.denied',
          fromStatus: 'verified',
          toStatus: 'denied',
          data: { reasonCode: 'manifestly_unfounded' },
        },
      ],
    );
    const view = subjectViewSchema.parse((await me(subject.token)).json());
    expect(view.outcome).toMatchObject({
      type: 'denied',
      reasonCode: 'manifestly_unfounded',
      explanation: 'Same request answered last week.',
    });
    expect(view.allowedActions).toEqual(['appeal']);
    expect(view.timeline.at(-1)).toMatchObject({ type: 'denied', reasonCode: 'manifestly_unfounded' });

    const start = t.clock.now;
    t.clock.advance(61 * 86_400_000);
    try {
      // The access token is 30 days; issue a fresh one at the later date.
      const later = await t.prisma.$transaction((tx) => issueAccessToken(tx, subject.id, t.clock.now));
      used.tokens.push(later);
      expect((await me(later)).json().allowedActions).toEqual([]);
    } finally {
      t.clock.set(start);
    }
  });

  it('shows a completion with its summary and offers nothing more', async () => {
    const subject = await seed(
      { status: 'completed', closedAt: t.clock.now, outcome: 'Your export was sent.' },
      [{ actorType: 'staff', type: 'request.completed', fromStatus: 'in_progress', toStatus: 'completed' }],
    );
    const view = (await me(subject.token)).json();
    expect(view.outcome).toEqual({ type: 'completed', summary: 'Your export was sent.' });
    expect(view.allowedActions).toEqual([]);
  });
});

describe('IDOR', () => {
  it('lets a token see and change its own request only', async () => {
    const a = await seed();
    const b = await seed();
    expect((await me(a.token)).json().reference).toBe(a.reference);
    expect((await me(b.token)).json().reference).toBe(b.reference);

    // Whatever A adds to the URL, B's token only ever reaches B.
    for (const url of [
      `/api/v1/requests/me?reference=${a.reference}`,
      `/api/v1/requests/me?id=${a.id}`,
      `/api/v1/requests/${a.reference}`,
      `/api/v1/requests/${a.id}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: auth(b.token) });
      if (res.statusCode === 200) {
        expect(res.json().reference).toBe(b.reference);
        expect(res.body).not.toContain(a.reference);
      } else {
        expectProblem(res, 404, 'route_not_found');
      }
    }
    const message = await post('/messages', b.token, { body: 'From B', reference: a.reference });
    expectProblem(message, 400, 'validation_failed');
    expect((await post('/messages', b.token, { body: 'From B' })).statusCode).toBe(201);
    expect((await post('/cancel', b.token, {})).json().status).toBe('cancelled');

    const viewA = (await me(a.token)).json();
    expect(viewA.status).toBe('verified');
    expect(viewA.messages).toEqual([]);
    expect(await t.prisma.message.count({ where: { requestId: a.id } })).toBe(0);
  });
});

describe('POST /requests/me/messages', () => {
  it('stores the message, audits it without its body and bumps the version', async () => {
    const subject = await seed();
    const res = await post('/messages', subject.token, {
      body: '  Here is my customer number: 4411 😀 مرحبا  ',
    });
    expect(res.statusCode).toBe(201);
    const view = subjectViewSchema.parse(res.json());
    expect(view.status).toBe('verified');
    expect(view.messages).toEqual([
      { from: 'subject', body: 'Here is my customer number: 4411 😀 مرحبا', at: expect.any(String) },
    ]);
    expect(view.timeline.at(-1)).toMatchObject({ type: 'message', from: 'subject' });
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: subject.id, type: 'message.from_subject' },
    });
    expect(event.actorType).toBe('subject');
    expect(JSON.stringify(event.data)).not.toContain('4411');
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id: subject.id },
      select: { version: true },
    });
    expect(row.version).toBe(2);
  });

  it('resumes a request awaiting the subject to in progress', async () => {
    const subject = await seed({ status: 'in_progress' });
    await t.prisma.$transaction((tx) =>
      transitionRequest(tx, {
        requestId: subject.id,
        action: 'request_info',
        actor: { type: 'staff', id: null },
        auditType: 'request.status_changed',
      }),
    );
    expect((await me(subject.token)).json()).toMatchObject({ status: 'awaiting_subject' });

    const res = await post('/messages', subject.token, { body: 'My order number is 1234.' });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view.status).toBe('in_progress');
    expect(view.timeline.slice(-2)).toEqual([
      { type: 'status_changed', from: 'in_progress', to: 'awaiting_subject', at: expect.any(String) },
      { type: 'message', from: 'subject', to: 'in_progress', at: expect.any(String) },
    ]);
    const events = await t.prisma.auditEvent.findMany({
      where: { requestId: subject.id, type: 'message.from_subject' },
      select: { fromStatus: true, toStatus: true, actorType: true },
    });
    expect(events).toEqual([
      { fromStatus: 'awaiting_subject', toStatus: 'in_progress', actorType: 'subject' },
    ]);
  });

  it('refuses a message on a closed request with 422 request_closed', async () => {
    for (const status of ['completed', 'denied', 'cancelled', 'expired'] as const) {
      const subject = await seed({ status, closedAt: t.clock.now });
      expectProblem(await post('/messages', subject.token, { body: 'Hello?' }), 422, 'request_closed');
      expect(await t.prisma.message.count({ where: { requestId: subject.id } })).toBe(0);
    }
  });
});

describe('POST /requests/me/cancel', () => {
  it('cancels, stores the reason on the request (not in the audit) and e-mails a confirmation', async () => {
    const subject = await seed({ locale: 'fr' });
    const res = await post('/cancel', subject.token, { reason: 'I found what I needed' });
    expect(res.statusCode).toBe(200);
    const view = subjectViewSchema.parse(res.json());
    expect(view).toMatchObject({ status: 'cancelled', allowedActions: [], outcome: null });
    expect(view.closedAt).toBe(t.clock.now.toISOString());
    expect(view.timeline.at(-1)).toMatchObject({ type: 'cancelled' });

    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id: subject.id },
      select: { status: true, closedAt: true, outcome: true },
    });
    expect(row).toEqual({ status: 'cancelled', closedAt: t.clock.now, outcome: 'I found what I needed' });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: subject.id, type: 'request.cancelled' },
    });
    expect(audit).toMatchObject({ actorType: 'subject', fromStatus: 'verified', toStatus: 'cancelled' });
    expect(JSON.stringify(audit.data)).not.toContain('found');

    await t.smtp.waitFor((m) => m.some((x) => x.to.includes(subject.email)));
    const mail = t.smtp.messages.find((x) => x.to.includes(subject.email));
    expect(mail?.subject).toContain(subject.reference);
    expect(mail?.text).toContain('http://portal.test/status');

    expectProblem(await post('/cancel', subject.token, {}), 422, 'request_closed');
    expectProblem(await post('/messages', subject.token, { body: 'One more thing' }), 422, 'request_closed');
  });

  it('cancels without a reason, with or without a body', async () => {
    const withEmptyObject = await seed();
    expect((await post('/cancel', withEmptyObject.token, {})).json().status).toBe('cancelled');
    const withoutBody = await seed();
    const res = await post('/cancel', withoutBody.token);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id: withoutBody.id },
      select: { outcome: true },
    });
    expect(row.outcome).toBeNull();
  });

  it('cancels from every open state a subject can reach', async () => {
    for (const status of ['verified', 'in_progress', 'awaiting_subject'] as const) {
      const subject = await seed({ status });
      expect((await post('/cancel', subject.token, {})).json().status).toBe('cancelled');
    }
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, never 5xx, and changes nothing', async () => {
    const subject = await seed();
    const cases: Array<[string, unknown, string]> = [
      ['/messages', {}, 'body'],
      ['/messages', { body: '' }, 'body'],
      ['/messages', { body: '   ' }, 'body'],
      ['/messages', { body: null }, 'body'],
      ['/messages', { body: 42 }, 'body'],
      ['/messages', { body: ['a'] }, 'body'],
      ['/messages', { body: { text: 'a' } }, 'body'],
      ['/messages', { body: 'a'.repeat(5001) }, 'body'],
      ['/messages', { body: 'ok', from: 'staff' }, 'from'],
      ['/messages', { body: 'ok', internal: true }, 'internal'],
      ['/messages', [], ''],
      ['/messages', 'just a string', ''],
      ['/cancel', { reason: 'a'.repeat(2001) }, 'reason'],
      ['/cancel', { reason: 12 }, 'reason'],
      ['/cancel', { reason: null }, 'reason'],
      ['/cancel', { reason: '' }, 'reason'],
      ['/cancel', { status: 'completed' }, 'status'],
    ];
    for (const [url, payload, field] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/requests/me${url}`,
        headers: { ...auth(subject.token), 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(res.statusCode, `${url} ${JSON.stringify(payload).slice(0, 60)}`).toBe(400);
      const problem = res.json();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    for (const payload of [
      '{"body":',
      'not json',
      '{"__proto__":{"x":1},"body":"a"}',
      '{"constructor":{"prototype":{"x":1}},"body":"a"}',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/requests/me/messages',
        headers: { ...auth(subject.token), 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/messages',
      headers: { ...auth(subject.token), 'content-type': 'text/plain' },
      payload: 'body=hello',
    });
    // Fastify reads text/plain as a string, which is not the object the schema wants.
    expectProblem(text, 400, 'validation_failed');
    const view = (await me(subject.token)).json();
    expect(view).toMatchObject({ status: 'verified', messages: [] });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After after 120 calls a minute from one address, counting failed logins', async () => {
    const subject = await seed();
    const ip = '10.9.9.9';
    for (let i = 0; i < 60; i++) {
      expect((await me(subject.token, ip)).statusCode).toBe(200);
      const guess = await t.app.inject({
        method: 'GET',
        url: '/api/v1/requests/me',
        headers: auth(newToken().token),
        remoteAddress: ip,
      });
      expect(guess.statusCode).toBe(401);
    }
    const limited = await me(subject.token, ip);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not locked out.
    expect((await me(subject.token, '10.9.9.10')).statusCode).toBe(200);
  });
});

describe('logs', () => {
  it('contain none of the e-mails, names or tokens used (R10)', () => {
    const logs = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(0);
    for (const value of [...used.emails, ...used.names, ...used.tokens]) {
      expect(logs).not.toContain(value);
    }
  });
});

describe('openapi', () => {
  it('documents the subject routes with their bearer scheme', async () => {
    const res = await t.app.inject('/api/docs/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const path of [
      '/api/v1/requests/me',
      '/api/v1/requests/me/cancel',
      '/api/v1/requests/me/messages',
    ]) {
      expect(Object.keys(paths)).toContain(path);
    }
    expect(paths['/api/v1/requests/me'].get.security).toEqual([{ subjectToken: [] }]);
    expect(Object.keys(paths)).toContain('/api/v1/access-links');
  });
});
