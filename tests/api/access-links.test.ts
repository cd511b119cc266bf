import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionRequest } from '../../api/src/modules/requests/request.transition.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';

// POST /access-links: "I lost my status link". Same answer whatever exists (R3), a working link
// when the address matches, limits per IP and per address + reference (R5).

let t: TestApp;
let seq = 0;
let ipSeq = 0;
const used = { emails: [] as string[], names: [] as string[], tokens: [] as string[] };

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

/** A fresh client address, so one test's calls never count against another's limits. */
const freshIp = () => `10.20.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

const TOKEN_IN_LINK = /\/verify#token=([A-Za-z0-9_-]{43})/;

/** Files an access request over HTTP and returns its reference and address. */
async function file(locale: 'fr' | 'en' = 'en'): Promise<{ reference: string; email: string }> {
  seq += 1;
  const email = `lost.link.${seq}.${Date.now()}@example.test`;
  const fullName = `Linkname${seq} Forgetful`;
  used.emails.push(email);
  used.names.push(fullName);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: freshIp(),
    payload: { type: 'access', email, fullName, locale, details: { scope: 'everything' } },
  });
  expect(res.statusCode).toBe(202);
  return { reference: res.json().reference, email };
}

const askLink = (payload: unknown, remoteAddress = freshIp()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/access-links',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

/** The route only queues the work: waits for the lookup, the event's reaction and the mails. */
const accessLinksSettled = () => pipelineSettled(t.prisma);

/** Mails delivered to `email` once everything queued has run (a sent job keeps no recipient). */
async function mailJobsTo(email: string): Promise<number> {
  await accessLinksSettled();
  return t.smtp.messages.filter((m) => m.to.includes(email)).length;
}

/** Waits for the `nth` status-link mail to `email` (1-based) and returns its token. */
async function linkTokenFromMail(email: string, nth = 1): Promise<string> {
  const links = () =>
    t.smtp.messages.filter((m) => m.to.includes(email) && /status link|lien de suivi/i.test(m.subject));
  await t.smtp.waitFor(() => links().length >= nth);
  const token = TOKEN_IN_LINK.exec(links()[nth - 1]?.text ?? '')?.[1];
  if (!token) throw new Error('no token in the status-link mail');
  used.tokens.push(token);
  return token;
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code });
}

// Headers that legitimately differ from one answer to the next.
const VOLATILE = new Set(['date']);
const comparable = (res: LightMyRequestResponse) =>
  Object.fromEntries(Object.entries(res.headers).filter(([name]) => !VOLATILE.has(name)));

describe('no enumeration (R3)', () => {
  it('answers the same status, body and headers for a known, unknown or mismatched address or reference', async () => {
    const known = await file();
    const other = await file();
    const answers = {
      known: await askLink({ email: known.email, reference: known.reference }),
      knownOtherCase: await askLink({
        email: known.email.toUpperCase(),
        reference: known.reference.toLowerCase(),
      }),
      unknownAddress: await askLink({ email: 'nobody.here@example.test', reference: known.reference }),
      othersAddress: await askLink({ email: other.email, reference: known.reference }),
      unknownReference: await askLink({ email: known.email, reference: 'DSR-2026-999999' }),
    };
    const first = answers.known;
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ status: 'sent' });
    for (const [name, res] of Object.entries(answers)) {
      expect(res.statusCode, name).toBe(first.statusCode);
      expect(res.body, name).toBe(first.body);
      expect(comparable(res), name).toEqual(comparable(first));
    }
    // Two links for the known address (the case variant is the same address), none for anyone else.
    await linkTokenFromMail(known.email, 2);
    expect(await mailJobsTo('nobody.here@example.test')).toBe(0);
    const otherMails = t.smtp.messages.filter((m) => m.to.includes(other.email));
    expect(otherMails.every((m) => !/status link/i.test(m.subject))).toBe(true);
    await accessLinksSettled();
    const sent = await t.prisma.auditEvent.count({ where: { type: 'access_link.sent' } });
    expect(sent).toBe(2);
  });

  it('sends nothing for a request whose personal data was purged or that expired unverified', async () => {
    const purged = await file();
    const expired = await file();
    await accessLinksSettled(); // the verification mails went out before retention's turn
    await t.prisma.request.update({
      where: { reference: purged.reference },
      data: { personalDataPurgedAt: t.clock.now },
    });
    const { id } = await t.prisma.request.findUniqueOrThrow({
      where: { reference: expired.reference },
      select: { id: true },
    });
    await t.prisma.$transaction((tx) =>
      transitionRequest(tx, {
        requestId: id,
        action: 'expire',
        actor: { type: 'system' },
        auditType: 'request.expired',
      }),
    );
    for (const target of [purged, expired]) {
      const res = await askLink({ email: target.email, reference: target.reference });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: 'sent' });
      // Only the verification mail from intake was ever queued.
      expect(await mailJobsTo(target.email)).toBe(1);
    }
  });
});

describe('the link', () => {
  it('verifies a pending request, then opens it again later; a newer link revokes the older', async () => {
    const { reference, email } = await file('fr');
    expect((await askLink({ email, reference })).statusCode).toBe(202);
    const first = await linkTokenFromMail(email, 1);
    const mail = t.smtp.messages.find((m) => m.to.includes(email) && /lien de suivi/.test(m.subject));
    expect(mail?.subject).toContain(reference);
    expect(mail?.text).toContain(`http://portal.test/verify#token=${first}`);

    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verifications',
      remoteAddress: freshIp(),
      payload: { token: first },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ reference, status: 'verified' });
    const accessToken: string = verified.json().accessToken;
    used.tokens.push(accessToken);
    const view = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(view.json()).toMatchObject({ reference, status: 'verified' });

    // Two more links: the second revokes the first; the latest opens the (now verified) request.
    // (Wait for each mail before asking again: two queued mails may arrive in either order.)
    await askLink({ email, reference });
    const older = await linkTokenFromMail(email, 2);
    await askLink({ email, reference });
    const latest = await linkTokenFromMail(email, 3);
    const exchange = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/verifications',
        remoteAddress: freshIp(),
        payload: { token },
      });
    expectProblem(await exchange(older), 410, 'token_revoked');
    const again = await exchange(latest);
    expect(again.statusCode).toBe(200);
    used.tokens.push(again.json().accessToken);
    expect(again.json()).toMatchObject({ reference, status: 'verified' });
    expectProblem(await exchange(latest), 410, 'token_used');
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, never 5xx, and sends nothing', async () => {
    const { reference, email } = await file();
    const cases: Array<[unknown, string]> = [
      [{ reference }, 'email'],
      [{ email: null, reference }, 'email'],
      [{ email: 42, reference }, 'email'],
      [{ email: ['a@b.test'], reference }, 'email'],
      [{ email: 'not-an-address', reference }, 'email'],
      [{ email: `${'a'.repeat(250)}@example.test`, reference }, 'email'],
      [{ email: '', reference }, 'email'],
      [{ email }, 'reference'],
      [{ email, reference: null }, 'reference'],
      [{ email, reference: 123 }, 'reference'],
      [{ email, reference: 'DSR-26-1' }, 'reference'],
      [{ email, reference: `DSR-2026-${'1'.repeat(100)}` }, 'reference'],
      [{ email, reference: "DSR-2026-000001' OR 1=1 --" }, 'reference'],
      [{ email, reference: 'ДСР-2026-000001' }, 'reference'],
      [{ email, reference, extra: true }, 'extra'],
      [{ email, reference, requestId: '00000000-0000-0000-0000-000000000000' }, 'requestId'],
    ];
    for (const [payload, field] of cases) {
      const res = await askLink(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    for (const raw of ['', 'null', '[]', '"text"', '{"email":', '{"__proto__":{"x":1}}']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/access-links',
        remoteAddress: freshIp(),
        headers: { 'content-type': 'application/json' },
        payload: raw,
      });
      expect(res.statusCode, raw).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await mailJobsTo(email)).toBe(1);
  });
});

describe('rate limits (R5)', () => {
  it('answers 429 with Retry-After after 10 calls a minute from one address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      const res = await askLink({ email: `someone.${i}@example.test`, reference: 'DSR-2026-000001' }, ip);
      expect(res.statusCode).toBe(202);
    }
    const limited = await askLink({ email: 'someone.else@example.test', reference: 'DSR-2026-000001' }, ip);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Malformed bodies count too: the limit is applied before the body is read.
    expectProblem(await askLink({}, ip), 429, 'rate_limited');
    expect(
      (await askLink({ email: 'someone.else@example.test', reference: 'DSR-2026-000001' })).statusCode,
    ).toBe(202);
  });

  it('answers 429 after 3 links an hour for one address and reference from one client, without locking the owner out', async () => {
    const { reference, email } = await file();
    const client = freshIp();
    for (let i = 0; i < 3; i++) expect((await askLink({ email, reference }, client)).statusCode).toBe(202);
    const limited = await askLink({ email: email.toUpperCase(), reference }, client);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    await linkTokenFromMail(email, 3);
    expect(await mailJobsTo(email)).toBe(4);
    // The owner, from their own connection, still gets a link (R5: no victim lockout).
    expect((await askLink({ email, reference })).statusCode).toBe(202);
    await linkTokenFromMail(email, 4);
    // The same limit applies to an unknown pair: hitting it tells nothing about existence.
    const ghost = { email: 'ghost@example.test', reference: 'DSR-2026-888888' };
    for (let i = 0; i < 3; i++) expect((await askLink(ghost, client)).statusCode).toBe(202);
    expectProblem(await askLink(ghost, client), 429, 'rate_limited');
    expect((await askLink({ email: 'ghost@example.test', reference }, client)).statusCode).toBe(202);
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
