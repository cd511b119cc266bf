import { computeDueAt, localDate } from '@dsr/shared/deadline';
import type { CreateRequestInput, RequestType } from '@dsr/shared/request-types';
import { subjectViewSchema } from '@dsr/shared/subject-view';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

// The data subject's journey for every request type, over HTTP with the real SMTP sink:
// file → verification mail → verify → status page → message → cancel → closed.

let t: TestApp;
const used = { emails: [] as string[], names: [] as string[], tokens: [] as string[] };

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

type Details = { [K in RequestType]: Extract<CreateRequestInput, { type: K }>['details'] };

const DETAILS: Details = {
  access: { scope: 'My orders since 2022 and what you use them for' },
  rectification: {
    corrections: [
      {
        field: 'Postal address',
        currentValue: '12 rue des Lilas, Lyon',
        correctedValue: '14 rue des Roses, Lyon',
      },
      { field: 'Phone', correctedValue: '+33 6 12 34 56 78' },
    ],
  },
  erasure: { scope: 'My account and marketing profile', reason: 'I no longer use the shop' },
  restriction: { ground: 'accuracy_contested', scope: 'My billing address while you check it' },
  objection: {
    purposes: ['customer_analysis', 'satisfaction_surveys'],
    grounds: 'I do not want my purchases analysed or to be surveyed.',
  },
  portability: { format: 'json' },
  consent_withdrawal: { purposes: ['newsletter', 'partner_offers'] },
  information: { question: 'Do you share my data with delivery companies outside the EU?' },
  automated_decision: {
    decision: 'My order was refused by your automated fraud check on 3 March.',
    humanReviewRequested: true,
  },
};

const TYPES = Object.keys(DETAILS) as RequestType[];
const TOKEN_IN_LINK = /\/verify#token=([A-Za-z0-9_-]{43})/;
const PARIS = 'Europe/Paris';

/** The wall-clock time of `iso` in Paris, as HH:MM:SS.mmm. */
function parisTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: PARIS,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return `${parts}.${iso.slice(20, 23)}`;
}

describe('the subject journey, for every request type', () => {
  it.each(TYPES.map((type, index) => [type, index] as const))('%s', async (type, index) => {
    // One client address per journey: every limit starts fresh.
    const remoteAddress = `10.30.0.${index + 1}`;
    const locale = index % 2 === 0 ? 'fr' : 'en';
    const email = `Journey.${type}.${Date.now()}@Example.test`;
    const fullName = `Camille ${type.replace('_', '-')} Dupont-Journey`;
    const address = email.toLowerCase();
    used.emails.push(address, email);
    used.names.push(fullName);

    // 1. File.
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress,
      headers: { 'idempotency-key': `journey-${type}-${Date.now()}` },
      payload: { type, email, fullName, locale, message: 'Merci / thank you', details: DETAILS[type] },
    });
    expect(filed.statusCode).toBe(202);
    const { reference } = filed.json();
    expect(filed.json()).toEqual({ reference, status: 'pending_verification' });

    // 2. The verification mail carries the link.
    await t.smtp.waitFor((m) => m.some((x) => x.to.includes(address) && x.subject.includes(reference)));
    const verification = t.smtp.messages.find((x) => x.to.includes(address) && x.subject.includes(reference));
    const linkToken = TOKEN_IN_LINK.exec(verification?.text ?? '')?.[1];
    expect(linkToken).toBeDefined();
    used.tokens.push(linkToken as string);

    // 3. Verify.
    const verifiedAtLeast = t.clock.now;
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      remoteAddress,
      payload: { token: linkToken },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ reference, status: 'verified' });
    const accessToken: string = verified.json().accessToken;
    used.tokens.push(accessToken);
    const headers = { authorization: `Bearer ${accessToken}` };
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/requests/me', remoteAddress, headers });

    // 4. The status page: verified, due one month later at the end of the day in Paris.
    const first = await me();
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const view = subjectViewSchema.parse(first.json());
    expect(view).toMatchObject({
      reference,
      type,
      status: 'verified',
      locale,
      messages: [],
      outcome: null,
      downloads: [],
      allowedActions: ['cancel', 'reply'],
    });
    expect(view.details).toEqual(DETAILS[type]);
    expect(view.extension).toBeUndefined();
    const verifiedAt = new Date(view.verifiedAt as string);
    expect(verifiedAt.getTime()).toBe(verifiedAtLeast.getTime());
    expect(view.dueAt).toBe(computeDueAt(verifiedAt, PARIS).toISOString());
    const from = localDate(verifiedAt, PARIS);
    const due = localDate(new Date(view.dueAt as string), PARIS);
    expect(due.year * 12 + due.month - (from.year * 12 + from.month)).toBe(1);
    expect(due.day).toBeLessThanOrEqual(from.day);
    expect(parisTime(view.dueAt as string)).toBe('23:59:59.999');
    const expectedStart = ['received', 'verified'];
    if (type === 'consent_withdrawal') expectedStart.push('acknowledged');
    expect(view.timeline.map((e) => e.type)).toEqual(expectedStart);

    // 5. A message.
    const body = `Question about ${reference}: can you also include my loyalty points? Ça marche ?`;
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/messages',
      remoteAddress,
      headers,
      payload: { body },
    });
    expect(posted.statusCode).toBe(201);
    const afterMessage = subjectViewSchema.parse((await me()).json());
    expect(afterMessage.messages).toEqual([{ from: 'subject', body, at: expect.any(String) }]);
    expect(afterMessage.timeline.at(-1)).toMatchObject({ type: 'message', from: 'subject' });
    expect(afterMessage.status).toBe('verified');

    // 6. Cancel: status, timeline and confirmation mail.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/cancel',
      remoteAddress,
      headers,
      payload: { reason: 'Sorted out with customer service' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ reference, status: 'cancelled', allowedActions: [] });
    const closed = subjectViewSchema.parse((await me()).json());
    expect(closed.status).toBe('cancelled');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.timeline.at(-1)).toMatchObject({ type: 'cancelled' });
    const cancelSubject = locale === 'fr' ? 'annulée' : 'cancelled';
    await t.smtp.waitFor((m) =>
      m.some(
        (x) => x.to.includes(address) && x.subject.includes(reference) && x.subject.includes(cancelSubject),
      ),
    );

    // 7. A closed request takes no more messages.
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/messages',
      remoteAddress,
      headers,
      payload: { body: 'One more thing' },
    });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'request_closed' });
    expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);

    // The audit trail holds the subject's words nowhere.
    const events = await t.prisma.auditEvent.findMany({
      where: { request: { reference } },
      select: { data: true },
    });
    const audit = JSON.stringify(events);
    for (const secret of [address, fullName, body, 'Sorted out', accessToken, linkToken as string]) {
      expect(audit).not.toContain(secret);
    }
  });
});

describe('a request awaiting the subject', () => {
  it('is resumed to in progress by the subject’s reply', async () => {
    const remoteAddress = '10.30.1.1';
    const email = `awaiting.${Date.now()}@example.test`;
    const fullName = 'Dominique Awaiting';
    used.emails.push(email);
    used.names.push(fullName);
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      remoteAddress,
      payload: { type: 'erasure', email, fullName, locale: 'en' },
    });
    const { reference } = filed.json();
    await t.smtp.waitFor((m) => m.some((x) => x.to.includes(email) && x.subject.includes(reference)));
    const mail = t.smtp.messages.find((x) => x.to.includes(email) && x.subject.includes(reference));
    const token = TOKEN_IN_LINK.exec(mail?.text ?? '')?.[1] as string;
    used.tokens.push(token);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      remoteAddress,
      payload: { token },
    });
    const accessToken: string = verified.json().accessToken;
    used.tokens.push(accessToken);
    // Staff actions come later: put the request where staff would, in SQL.
    await t.prisma.$executeRawUnsafe(
      `UPDATE requests SET status = 'awaiting_subject', version = version + 1 WHERE reference = $1`,
      reference,
    );
    const headers = { authorization: `Bearer ${accessToken}` };
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/requests/me', remoteAddress, headers });
    expect(before.json()).toMatchObject({ status: 'awaiting_subject', allowedActions: ['cancel', 'reply'] });

    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/messages',
      remoteAddress,
      headers,
      payload: { body: 'My customer number is C-99812.' },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({
      status: 'in_progress',
      messages: [{ from: 'subject', body: 'My customer number is C-99812.' }],
    });
    // One line: the reply, and the status it moved the request to.
    expect(reply.json().timeline.at(-1)).toEqual({
      type: 'message',
      from: 'subject',
      to: 'in_progress',
      at: expect.any(String),
    });
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
