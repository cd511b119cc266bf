import { createHash } from 'node:crypto';
import { computeDueAt } from '@dsr/shared/deadline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUnverified } from '../../api/src/modules/retention/retention.service.ts';
import { findAccessToken, issueLinkToken } from '../../api/src/modules/tokens/tokens.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

// POST /api/v1/verifications (R4, R5): single use in the database, distinct errors, only hashes
// stored, the verify transition with deadline and receipt, auto-acknowledgement.

let t: TestApp;
const secrets = new Set<string>();
let n = 0;
const freshIp = () => {
  n += 1;
  return `10.2.${n >> 8}.${n & 255}`;
};

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  const log = t.logs.join('\n');
  for (const secret of secrets) expect(log).not.toContain(secret);
  await t?.close();
});

async function file(type: string, details: unknown, locale = 'en') {
  n += 1;
  const email = `verify-${n}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const fullName = `Dominique Verifier${n}q`;
  secrets.add(email);
  secrets.add(fullName);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: freshIp(),
    payload: { type, email, fullName, locale, details },
  });
  expect(res.statusCode, res.body).toBe(202);
  const { reference } = res.json() as { reference: string };
  const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  return { email, reference, id };
}

/** The token from the verification mail the sink received. */
async function tokenFromMail(email: string): Promise<string> {
  await t.smtp.waitFor((ms) => ms.some((m) => m.to.includes(email)), 15_000);
  const mail = t.smtp.messages.find((m) => m.to.includes(email))!;
  const token = /\/verify#token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
  secrets.add(token);
  return token;
}

/** A fresh link token for a request, as POST /access-links would issue it. */
async function newLinkToken(requestId: string): Promise<string> {
  const token = await t.prisma.$transaction((tx) => issueLinkToken(tx, requestId, t.clock.now));
  secrets.add(token);
  return token;
}

async function verify(token: unknown, ip = freshIp()) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: ip,
    payload: { token },
  });
  if (res.statusCode === 200) secrets.add(res.json().accessToken);
  return res;
}

describe('exchanging a link token', () => {
  it('verifies the request: status, verifiedAt, dueAt in the controller time zone, audit, receipt, access token', async () => {
    t.clock.set(new Date('2027-01-31T10:00:00Z'));
    const { email, reference, id } = await file('access', {});
    const token = await tokenFromMail(email);
    const res = await verify(token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      reference,
      status: 'verified',
      accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      locale: expect.stringMatching(/^(fr|en)$/),
    });
    const request = await t.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { status: true, verifiedAt: true, dueAt: true, version: true, outcomeData: true },
    });
    expect(request.verifiedAt).toEqual(t.clock.now);
    expect(request.dueAt).toEqual(computeDueAt(t.clock.now, 'Europe/Paris'));
    expect(request.dueAt!.toISOString()).toBe('2027-02-28T22:59:59.999Z');
    expect(request.outcomeData).toBeNull();
    const events = await t.prisma.auditEvent.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual([
      'request.received',
      'token.issued',
      'token.used',
      'request.verified',
      'token.issued',
    ]);
    expect(events[3]).toMatchObject({
      actorType: 'subject',
      fromStatus: 'pending_verification',
      toStatus: 'verified',
    });
    expect(await findAccessToken(t.prisma, body.accessToken, t.clock.now)).toEqual({ requestId: id });
    await t.smtp.waitFor(
      (ms) => ms.some((m) => m.to.includes(email) && m.subject.includes('confirmed')),
      15_000,
    );
    const receipt = t.smtp.messages.find((m) => m.to.includes(email) && m.subject.includes('confirmed'))!;
    expect(receipt.text).toContain(reference);
    expect(receipt.text).toContain('28 February 2027');
    expect(receipt.text).not.toContain('takes effect at once');

    // Access tokens last 30 days.
    const later = new Date(t.clock.now.getTime() + 30 * 86_400_000 + 1);
    expect(await findAccessToken(t.prisma, body.accessToken, later)).toBeNull();
  });

  it('is single use: a reused token is 410 token_used', async () => {
    const { id } = await file('erasure', {});
    const token = await newLinkToken(id);
    expect((await verify(token)).statusCode).toBe(200);
    const again = await verify(token);
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({ code: 'token_used', status: 410 });
  });

  it('lets exactly one of 10 concurrent exchanges of the same token through', async () => {
    const { id } = await file('information', {});
    const token = await newLinkToken(id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => verify(token)));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(410)]);
    for (const r of answers.filter((a) => a.statusCode === 410)) expect(r.json().code).toBe('token_used');
    expect(await t.prisma.auditEvent.count({ where: { requestId: id, type: 'request.verified' } })).toBe(1);
    expect(await t.prisma.requestToken.count({ where: { requestId: id, purpose: 'access' } })).toBe(1);
  });

  it('tells expired (410), tampered and truncated (404) apart', async () => {
    const { id } = await file('access', {});
    const token = await newLinkToken(id);
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const tampered = token.slice(0, 10) + flip(token[10]!) + token.slice(11);
    for (const bad of [tampered, token.slice(0, 42), token.slice(0, 20), `${token}A`, '', '!'.repeat(43)]) {
      const res = await verify(bad);
      expect(res.statusCode, bad).toBe(404);
      expect(res.json()).toMatchObject({ code: 'token_unknown' });
    }
    t.clock.advance(24 * 3_600_000 + 1000);
    const expired = await verify(token);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'token_expired' });
    expect(await t.prisma.request.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({
      status: 'pending_verification',
    });
  });

  it('revokes an older link when a newer one is issued', async () => {
    const { id } = await file('access', {});
    const first = await newLinkToken(id);
    const second = await newLinkToken(id);
    const old = await verify(first);
    expect(old.statusCode).toBe(410);
    expect(old.json()).toMatchObject({ code: 'token_revoked' });
    expect((await verify(second)).statusCode).toBe(200);
  });

  it('for an already verified request (status link) only issues an access token', async () => {
    const { id, reference } = await file('access', {});
    expect((await verify(await newLinkToken(id))).statusCode).toBe(200);
    const statusLink = await verify(await newLinkToken(id));
    expect(statusLink.statusCode).toBe(200);
    expect(statusLink.json()).toMatchObject({ reference, status: 'verified' });
    expect(await t.prisma.auditEvent.count({ where: { requestId: id, type: 'request.verified' } })).toBe(1);
    expect(await t.prisma.requestToken.count({ where: { requestId: id, purpose: 'access' } })).toBe(2);
  });

  it('answers 410 token_expired for a request that expired unverified', async () => {
    const { id } = await file('access', {});
    t.clock.advance(8 * 86_400_000);
    expect(await expireUnverified(t.prisma, t.clock.now)).toBeGreaterThanOrEqual(1);
    const res = await verify(await newLinkToken(id));
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'token_expired' });
  });

  it('rejects a body that is not {token: string} with 400', async () => {
    for (const payload of [
      {},
      { token: 42 },
      { token: null },
      { token: 'x', extra: 1 },
      { token: 'x'.repeat(600) },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verifications',
        remoteAddress: freshIp(),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });
});

describe('storage (R4)', () => {
  it('stores only the SHA-256 of tokens: no column of request_tokens holds the token', async () => {
    const { id, email } = await file('portability', { format: 'csv' });
    const link = await tokenFromMail(email);
    const accessToken = (await verify(link)).json().accessToken as string;
    const rows = await t.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      'SELECT * FROM request_tokens WHERE "requestId" = $1::uuid',
      id,
    );
    expect(rows.length).toBe(2);
    const cells = rows.flatMap((row) =>
      Object.values(row).map((v) => (v instanceof Date ? v.toISOString() : String(v))),
    );
    for (const token of [link, accessToken]) {
      expect(cells.some((c) => c.includes(token))).toBe(false);
      expect(cells).toContain(createHash('sha256').update(token).digest('hex'));
    }
    const audit = await t.prisma.auditEvent.findMany({ where: { requestId: id }, select: { data: true } });
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(link);
    expect(auditText).not.toContain(accessToken);
  });
});

describe('auto-acknowledgement', () => {
  it.each([
    ['consent_withdrawal', { purposes: ['newsletter', 'partner_offers'] }, true],
    ['objection', { purposes: ['direct_marketing'] }, true],
    ['objection', { purposes: ['direct_marketing', 'customer_analysis'], grounds: 'Because' }, false],
    ['erasure', {}, false],
  ] as const)('%s %j acknowledged at once: %s', async (type, details, acknowledged) => {
    const { id, email } = await file(type, details);
    const res = await verify(await tokenFromMail(email));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('verified');
    const request = await t.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { outcomeData: true, status: true },
    });
    const events = await t.prisma.auditEvent.findMany({
      where: { requestId: id, type: 'request.acknowledged' },
    });
    if (acknowledged) {
      expect(request.outcomeData).toEqual({ acknowledgedAt: t.clock.now.toISOString() });
      expect(events).toHaveLength(1);
    } else {
      expect(request.outcomeData).toBeNull();
      expect(events).toHaveLength(0);
    }
    const isReceipt = (m: { to: string[]; subject: string }) =>
      m.to.includes(email) && m.subject.includes('confirmed');
    await t.smtp.waitFor((ms) => ms.some(isReceipt), 15_000);
    const receipt = t.smtp.messages.find(isReceipt)!;
    expect(receipt.text.includes('takes effect at once')).toBe(acknowledged);
  });
});

describe('rate limit (R5)', () => {
  it('limits one IP to 30 attempts a minute, with Retry-After; other clients are not locked out', async () => {
    const ip = freshIp();
    for (let i = 0; i < 30; i++) expect((await verify('A'.repeat(43), ip)).statusCode).toBe(404);
    const limited = await verify('A'.repeat(43), ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await verify('A'.repeat(43))).statusCode).toBe(404);
  });
});
