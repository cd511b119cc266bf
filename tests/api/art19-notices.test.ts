// Art. 19 notices after a completed erasure on the built-in customer area: a recipient whose
// categories overlap what was erased is mailed over real SMTP, another is told by a signed webhook
// (retried after a 503), one whose categories were not touched is not told; each notice is recorded
// on the request, audited, and listed in the subject's view with when it went.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../api/src/modules/fulfilment/signature.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { fileAndVerify, mailsTo, uniqueEmail, waitForMail } from './staff-requests.fixtures.ts';

const secret = `whsec_${randomBytes(16).toString('hex')}`;
let t: TestApp;
let agent: StaffLogin;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.answer = (_call, n) => (n === 1 ? { status: 503 } : { status: 200, body: {} });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-art19-'));
  const file = path.join(dir, 'controller.json');
  writeFileSync(
    file,
    JSON.stringify({
      ...ISOLECTRA_CONTROLLER,
      recipients: [
        { name: 'Routage SA', email: 'dpo@routage.example', categories: ['profile', 'Billing'] },
        {
          name: 'CRM partenaire',
          email: 'dpo@crm.example',
          categories: ['support', 'marketing'],
          url: receiver.url,
          secret,
        },
        { name: 'Cabinet comptable', email: 'dpo@compta.example', categories: ['billing'] },
      ],
    }),
  );
  t = await startTestApp({
    env: { CONTROLLER_CONFIG: file },
    webhookPolicy: { retryLimit: 3, retryDelay: 1, retryBackoff: false },
  });
  agent = await loginAs(t, 'agent');
});

afterAll(async () => {
  await t?.close();
  await receiver?.stop();
});

const act = (reference: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${reference}/actions`,
    headers: agent.headers,
    payload,
  });
const version = async (reference: string) =>
  (await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { version: true } })).version;

describe('Art. 19 notices', () => {
  it('tells each recipient whose categories overlap what the erasure changed, once, and the subject sees who and when', async () => {
    const email = uniqueEmail('camille');
    // A recent order (kept: billing untouched) and a service comment (erased: support).
    await t.prisma.customer.create({
      data: {
        email,
        fullName: 'Camille Martin',
        orders: {
          create: [
            {
              number: `N-${randomBytes(3).toString('hex')}`,
              placedAt: new Date(),
              status: 'paid',
              totalCents: 100,
            },
          ],
        },
        comments: { create: [{ body: 'Call back on Monday' }] },
      },
    });
    const r = await fileAndVerify(t, { type: 'erasure', email, locale: 'en', details: {} });
    expect((await act(r.reference, { action: 'start', expectedVersion: 2 })).statusCode).toBe(200);
    expect((await act(r.reference, { action: 'fulfil', expectedVersion: 3 })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await t.prisma.fulfilmentSource.findFirst({ where: { request: { reference: r.reference } } }))
          ?.state === 'done',
    );
    const completed = await act(r.reference, {
      action: 'complete',
      expectedVersion: await version(r.reference),
      outcome: 'Erased, except invoices.',
    });
    expect(completed.statusCode, completed.body).toBe(200);

    // E-mail recipient: over SMTP, naming the subject's address (so they can act) and the request.
    const mail = await waitForMail(t, 'dpo@routage.example', (m) => m.text.includes(r.reference));
    expect(mail.subject).toContain('Article 19');
    expect(mail.text).toContain(email);
    expect(mail.text).toContain('profile');
    expect(mail.text).not.toContain('billing');

    // Webhook recipient: signed, retried after the 503, about the overlapping category only.
    const calls = await receiver.waitForCalls(2);
    const last = calls[1]!;
    const signature = last.headers['x-dsr-signature'];
    expect(
      verifySignature(
        secret,
        last.raw,
        typeof signature === 'string' ? signature : undefined,
        Math.floor(Date.now() / 1000),
      ).ok,
    ).toBe(true);
    expect(JSON.parse(last.raw)).toMatchObject({
      event: 'dsr.art19_notice',
      reference: r.reference,
      type: 'erasure',
      subject: { email },
      categories: ['support'],
    });
    await eventually(async () => {
      const n = await t.prisma.recipientNotice.findFirst({ where: { recipient: 'CRM partenaire' } });
      return n?.state === 'sent' && n;
    });

    const notices = await t.prisma.recipientNotice.findMany({
      where: { request: { reference: r.reference } },
      orderBy: { recipient: 'asc' },
    });
    expect(notices.map((n) => [n.recipient, n.channel, n.state, n.attempts, n.categories])).toEqual([
      ['CRM partenaire', 'webhook', 'sent', 2, ['support']],
      ['Routage SA', 'email', 'sent', 1, ['profile']],
    ]);
    // The accountant's data (billing) was kept, not changed: not told.
    expect(mailsTo(t, 'dpo@compta.example')).toEqual([]);
    const audited = await t.prisma.auditEvent.findMany({
      where: { request: { reference: r.reference }, type: { startsWith: 'recipient.' } },
      orderBy: { at: 'asc' },
    });
    expect(audited.map((e) => [e.type, (e.data as { recipient: string }).recipient]).sort()).toEqual([
      ['recipient.notice_queued', 'CRM partenaire'],
      ['recipient.notified', 'CRM partenaire'],
      ['recipient.notified', 'Routage SA'],
    ]);
    expect(JSON.stringify(audited.map((e) => e.data))).not.toContain(email);

    const view = (
      await t.app.inject({
        url: '/api/v1/requests/me',
        headers: { authorization: `Bearer ${r.accessToken}` },
      })
    ).json();
    expect(view.recipientsNotified).toEqual([
      { recipient: expect.any(String), channel: expect.any(String), at: expect.any(String) },
      { recipient: expect.any(String), channel: expect.any(String), at: expect.any(String) },
    ]);
    expect(view.recipientsNotified.map((n: { recipient: string }) => n.recipient).sort()).toEqual([
      'CRM partenaire',
      'Routage SA',
    ]);
    // Still one mail and two calls: nothing is sent twice.
    expect(mailsTo(t, 'dpo@routage.example')).toHaveLength(1);
    expect(receiver.calls).toHaveLength(2);
  });
});
