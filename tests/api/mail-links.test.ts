import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appealDeadline } from '@dsr/shared/deadline';
import { staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/src/lib/tokens.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { act, detail, fileAndVerify, mailsTo, waitForMail } from './staff-requests.fixtures.ts';

// Every mail that invites the subject back carries a link of its own: single use, opening the
// request from any client (no access token needed), valid as long as what the mail offers, and
// left working by the mails that follow.

const LINK = /http:\/\/portal\.test\/verify#token=([A-Za-z0-9_-]{43})/;
const DAY_MS = 86_400_000;
let t: TestApp;
let admin: StaffLogin;
let ip = 0;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const tokenOf = (text: string) => {
  const token = LINK.exec(text)?.[1];
  expect(token, 'the mail carries its own link').toBeDefined();
  return token!;
};

/** What a fresh browser does with the link: POST /verifications with its token, nothing else. */
const open = (token: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: `10.88.0.${++ip}`,
    headers: { host: 'evil.example' },
    payload: { token },
  });

async function version(reference: string): Promise<number> {
  return staffRequestDetailSchema.parse((await detail(t, admin.headers, reference)).json()).version;
}

describe('mail links', () => {
  it('open the request from the receipt and the staff message, once each, in the request language', async () => {
    const { reference, email } = await fileAndVerify(t, { locale: 'en' });
    const receipt = await waitForMail(t, email, (m) => m.subject.includes('confirmed'));
    const receiptToken = tokenOf(receipt.text);
    expect(receipt.html).toContain(`http://portal.test/verify#token=${receiptToken}`);
    expect(receipt.text).toMatch(/it works once, until \d{1,2} \w+ \d{4}/);

    const sent = await act(t, admin.headers, reference, {
      action: 'message',
      body: 'We are on it.',
      expectedVersion: await version(reference),
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const message = await waitForMail(t, email, (m) => m.text.includes('We are on it.'));
    const messageToken = tokenOf(message.text);
    expect(messageToken).not.toBe(receiptToken);

    // A fresh status link (lost-link form) revokes older status links, not the mails' own links.
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access-links',
      remoteAddress: '10.88.1.1',
      payload: { email, reference },
    });
    expect(asked.statusCode).toBe(202);
    await waitForMail(t, email, (m) => /status link/i.test(m.subject));

    // The older mail's link still works after the newer ones: each opens the request once.
    for (const token of [receiptToken, messageToken]) {
      const opened = await open(token);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json()).toEqual({
        reference,
        status: 'verified',
        accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        locale: 'en',
      });
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/requests/me',
        headers: { authorization: `Bearer ${opened.json().accessToken}` },
      });
      expect(me.json()).toMatchObject({ reference });
      const again = await open(token);
      expect(again.statusCode).toBe(410);
      expect(again.json().code).toBe('token_used');
    }

    // Only hashes are stored; mail links are their own purpose and are never revoked by others.
    const rows = await t.prisma.requestToken.findMany({
      where: { request: { reference }, purpose: 'mail' },
      select: { tokenHash: true, revokedAt: true, usedAt: true },
    });
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(
      [hashToken(receiptToken), hashToken(messageToken)].sort(),
    );
    expect(rows.every((r) => r.revokedAt === null && r.usedAt !== null)).toBe(true);
  });

  it('from a denial stays valid for the whole 60-day appeal window', async () => {
    const { reference, email } = await fileAndVerify(t, { locale: 'fr' });
    const denied = await act(t, admin.headers, reference, {
      action: 'deny',
      reasonCode: 'manifestly_unfounded',
      explanation: 'Aucune donnée ne correspond à cette adresse.',
      expectedVersion: await version(reference),
    });
    expect(denied.statusCode, denied.body).toBe(200);
    const mail = await waitForMail(t, email, (m) => m.subject.includes('refus'));
    const token = tokenOf(mail.text);
    const row = await t.prisma.requestToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token) },
      select: { expiresAt: true, purpose: true },
    });
    const closed = await t.prisma.request.findUniqueOrThrow({
      where: { reference },
      select: { closedAt: true },
    });
    const deadline = appealDeadline(closed.closedAt!, t.controller.timeZone);
    expect(row.purpose).toBe('mail');
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(deadline.getTime());

    // Day 59: the link still opens the denied request, in French, and the appeal is offered.
    const before = t.clock.now;
    t.clock.set(new Date(deadline.getTime() - DAY_MS));
    try {
      const opened = await open(token);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json()).toMatchObject({ reference, status: 'denied', locale: 'fr' });
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/requests/me',
        headers: { authorization: `Bearer ${opened.json().accessToken}` },
      });
      expect(me.json().allowedActions).toEqual(['appeal']);
    } finally {
      t.clock.set(before);
    }
  });

  it('from a completion with a download stays valid for the whole download period, a newer mail notwithstanding', async () => {
    const { reference, email } = await fileAndVerify(t, { type: 'information', locale: 'en' });
    const request = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
    // A released package kept 45 days: longer than a mail link's 30-day minimum.
    const relative = path.join('exports', `${request.id}.zip`);
    mkdirSync(path.join(t.app.deps.config.dataDir, 'exports'), { recursive: true });
    writeFileSync(path.join(t.app.deps.config.dataDir, relative), 'PK-the-export');
    const download = await t.prisma.download.create({
      data: {
        requestId: request.id,
        fileName: 'data.zip',
        path: relative,
        sizeBytes: 13,
        expiresAt: new Date(t.clock.now.getTime() + 45 * DAY_MS),
      },
      select: { id: true, expiresAt: true },
    });
    const started = await act(t, admin.headers, reference, {
      action: 'start',
      expectedVersion: await version(reference),
    });
    expect(started.statusCode, started.body).toBe(200);
    const completed = await act(t, admin.headers, reference, {
      action: 'complete',
      outcome: 'Here is what we hold.',
      expectedVersion: await version(reference),
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const mail = await waitForMail(t, email, (m) => m.subject.includes('completed'));
    expect(mail.text).toContain('Your data is ready');
    const token = tokenOf(mail.text);
    const row = await t.prisma.requestToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token) },
      select: { expiresAt: true, purpose: true },
    });
    expect(row.purpose).toBe('mail');
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(download.expiresAt.getTime());

    // A newer mail (a fresh status link from the lost-link form) leaves this one working.
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access-links',
      remoteAddress: '10.88.1.2',
      payload: { email, reference },
    });
    expect(asked.statusCode).toBe(202);
    await waitForMail(t, email, (m) => /status link/i.test(m.subject));

    // Day 44: the link opens the closed request in English in a fresh client, and the file downloads.
    const before = t.clock.now;
    t.clock.set(new Date(download.expiresAt.getTime() - DAY_MS));
    try {
      const opened = await open(token);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json()).toMatchObject({ reference, status: 'completed', locale: 'en' });
      const authorization = `Bearer ${opened.json().accessToken}`;
      const me = await t.app.inject({ url: '/api/v1/requests/me', headers: { authorization } });
      expect(me.json().downloads).toEqual([
        expect.objectContaining({ id: download.id, fileName: 'data.zip' }),
      ]);
      const file = await t.app.inject({
        url: `/api/v1/downloads/${download.id}`,
        headers: { authorization },
      });
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe('PK-the-export');
    } finally {
      t.clock.set(before);
    }
  });

  it('from an appeal decision opens the appeal in its language; the denial’s link still opens the request', async () => {
    const { reference, email, accessToken } = await fileAndVerify(t, { type: 'information', locale: 'fr' });
    const denied = await act(t, admin.headers, reference, {
      action: 'deny',
      reasonCode: 'manifestly_unfounded',
      explanation: 'Aucune donnée ne correspond à cette adresse.',
      expectedVersion: await version(reference),
    });
    expect(denied.statusCode, denied.body).toBe(200);
    const denial = await waitForMail(
      t,
      email,
      (m) => m.subject.includes(reference) && m.subject.includes('refus'),
    );
    const denialToken = tokenOf(denial.text);
    const appealed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/appeal',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { body: 'Je conteste ce refus.' },
    });
    expect(appealed.statusCode, appealed.body).toBe(201);
    const appeal = (appealed.json() as { reference: string }).reference;
    // An appeal is decided by another admin than the one who denied.
    const reviewer = await loginAs(t, 'admin');
    const decided = await act(t, reviewer.headers, appeal, {
      action: 'deny',
      reasonCode: 'manifestly_unfounded',
      explanation: 'Le refus est confirmé.',
      expectedVersion: await version(appeal),
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const decision = await waitForMail(
      t,
      email,
      (m) => m.subject.includes(appeal) && m.subject.includes('refus'),
    );
    expect(decision.text).toContain('Le refus est confirmé.');
    const decisionToken = tokenOf(decision.text);
    const row = await t.prisma.requestToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(decisionToken) },
      select: { expiresAt: true, purpose: true },
    });
    // Nothing further to appeal: the decision's link gets a mail link's 30 days at least.
    expect(row.purpose).toBe('mail');
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(t.clock.now.getTime() + 30 * DAY_MS - 60_000);

    const before = t.clock.now;
    t.clock.set(new Date(t.clock.now.getTime() + 29 * DAY_MS));
    try {
      const opened = await open(decisionToken);
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json()).toMatchObject({ reference: appeal, status: 'denied', locale: 'fr' });
      const me = await t.app.inject({
        url: '/api/v1/requests/me',
        headers: { authorization: `Bearer ${opened.json().accessToken}` },
      });
      expect(me.json()).toMatchObject({ reference: appeal });
      expect(me.json().allowedActions).toEqual([]);
      // The older denial mail's link (day 29 of its 60-day window) still opens the appealed request.
      const older = await open(denialToken);
      expect(older.statusCode, older.body).toBe(200);
      expect(older.json()).toMatchObject({ reference, locale: 'fr' });
    } finally {
      t.clock.set(before);
    }
  });

  it('expire at their time: a receipt link older than its validity is refused as expired', async () => {
    const { email } = await fileAndVerify(t, { locale: 'en' });
    const receipt = await waitForMail(t, email, (m) => m.subject.includes('confirmed'));
    const token = tokenOf(receipt.text);
    const row = await t.prisma.requestToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token) },
      select: { expiresAt: true },
    });
    const before = t.clock.now;
    t.clock.set(new Date(row.expiresAt.getTime() + 1));
    try {
      const opened = await open(token);
      expect(opened.statusCode).toBe(410);
      expect(opened.json().code).toBe('token_expired');
    } finally {
      t.clock.set(before);
    }
    expect(mailsTo(t, email).every((m) => !m.text.includes('evil.example'))).toBe(true);
  });
});
