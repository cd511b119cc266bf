import { appealAnswerSchema } from '@dsr/shared/appeals';
import { appealDeadline } from '@dsr/shared/deadline';
import { staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { act, detail, fileAndVerify, waitForMail } from './staff-requests.fixtures.ts';

// Appeals: within 60 days of a denial, once; decided only by an admin other than the denier.

let t: TestApp;
let denier: StaffLogin;
let reviewer: StaffLogin;
let agent: StaffLogin;

beforeAll(async () => {
  t = await startTestApp();
  denier = await loginAs(t, 'admin');
  reviewer = await loginAs(t, 'admin');
  agent = await loginAs(t, 'agent');
});

afterAll(async () => {
  t.clock.set(new Date());
  await t?.close();
});

async function deniedRequest(locale: 'fr' | 'en' = 'en', type: 'erasure' | 'information' = 'erasure') {
  const filed = await fileAndVerify(t, { locale, type });
  const v = staffRequestDetailSchema.parse((await detail(t, denier.headers, filed.reference)).json()).version;
  const res = await act(t, denier.headers, filed.reference, {
    action: 'deny',
    expectedVersion: v,
    reasonCode: 'legal_obligation',
    explanation: 'Billing records are kept for 10 years.',
  });
  expect(res.statusCode, res.body).toBe(200);
  // The subject appeals from the denial mail: its reaction (mail and link token, audited on the
  // request) has run before the appeal, as it has when a person reads that mail.
  await pipelineSettled(t.prisma);
  return filed;
}

const appeal = (token: string, body: unknown = { body: 'I disagree: I closed my account.' }) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/requests/me/appeal',
    headers: { authorization: `Bearer ${token}` },
    payload: body as Record<string, unknown>,
  });

describe('appeal', () => {
  it('opens a linked verified request with its own deadline, audited on both, with receipt and staff notice', async () => {
    const { reference, accessToken, email } = await deniedRequest('en');
    const res = await appeal(accessToken);
    expect(res.statusCode, res.body).toBe(201);
    const answer = appealAnswerSchema.parse(res.json());
    expect(answer.status).toBe('verified');
    expect(answer.reference).not.toBe(reference);

    const receipt = await waitForMail(t, email, (m) => m.subject.includes('Appeal registered'));
    expect(receipt.text).toContain(answer.reference);
    expect(receipt.text).toContain(reference);
    await waitForMail(t, reviewer.user.email, (m) => m.subject.includes(answer.reference));

    const view = staffRequestDetailSchema.parse((await detail(t, reviewer.headers, answer.reference)).json());
    expect(view).toMatchObject({
      type: 'erasure',
      status: 'verified',
      email,
      locale: 'en',
      appealOf: { reference, status: 'denied' },
    });
    expect(view.messages).toMatchObject([{ from: 'subject', body: 'I disagree: I closed my account.' }]);
    // The access token of the appeal, then the receipt's own link (issued with its mail).
    expect(view.audit.map((e) => e.type)).toEqual([
      'request.received',
      'message.from_subject',
      'token.issued',
      'token.issued',
    ]);
    const original = staffRequestDetailSchema.parse((await detail(t, reviewer.headers, reference)).json());
    expect(original.appeal).toEqual({ reference: answer.reference, status: 'verified' });
    expect(original.audit.at(-1)).toMatchObject({
      type: 'request.appealed',
      fromStatus: 'denied',
      toStatus: 'denied',
    });

    // The new access token opens the appeal; the old one still opens the denied request, no longer appealable.
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${answer.accessToken}` },
    });
    expect(mine.json()).toMatchObject({ reference: answer.reference, status: 'verified' });
    const old = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(old.json().allowedActions).toEqual([]);
    // After any reload the denied request still names its appeal, and its token can open it.
    expect(old.json().appeal).toEqual({
      reference: answer.reference,
      status: 'verified',
      receivedAt: expect.any(String),
      dueAt: answer.dueAt,
    });
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/appeal/access',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: {},
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().reference).toBe(answer.reference);
    const followed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${opened.json().accessToken}` },
    });
    expect(followed.json()).toMatchObject({ reference: answer.reference, appealOf: reference, appeal: null });

    // A second appeal is refused.
    const second = await appeal(accessToken);
    expect(second.statusCode).toBe(422);
    expect(second.json().code).toBe('action_not_allowed');

    // Deciding: the agent and the denier get 403; the other admin may.
    expect(view.allowedActions).not.toContain('complete');
    for (const who of [agent, denier]) {
      const refused = await act(t, who.headers, answer.reference, {
        action: 'deny',
        expectedVersion: view.version,
        reasonCode: 'other',
        explanation: 'No.',
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
      const seen = staffRequestDetailSchema.parse((await detail(t, who.headers, answer.reference)).json());
      expect(seen.allowedActions).not.toContain('deny');
      expect(seen.allowedActions).toContain('note');
    }
    // Non-deciding work on the appeal is open to agents.
    const started = await act(t, agent.headers, answer.reference, {
      action: 'start',
      expectedVersion: view.version,
    });
    expect(started.statusCode).toBe(200);
    const decided = await act(t, reviewer.headers, answer.reference, {
      action: 'deny',
      expectedVersion: view.version + 1,
      reasonCode: 'legal_obligation',
      explanation: 'Confirmed on review.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const finalMail = await waitForMail(t, email, (m) =>
      m.subject.includes(`Request ${answer.reference}: refusal`),
    );
    expect(finalMail.text).toContain('This decision follows your appeal');
    expect(finalMail.text).toContain('CNIL');
    // An appeal's denial cannot itself be appealed, and the status page does not offer it.
    const appealAgain = await appeal(answer.accessToken);
    expect(appealAgain.statusCode).toBe(422);
    const seenBySubject = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${answer.accessToken}` },
    });
    expect(seenBySubject.json()).toMatchObject({
      reference: answer.reference,
      status: 'denied',
      appealOf: reference,
      allowedActions: [],
      outcome: { type: 'denied', appealUntil: null },
    });
  });

  it('the other admin may complete an appeal', async () => {
    // An information request: an upheld erasure appeal would first need its `fulfil` (its own tests).
    const { accessToken } = await deniedRequest('fr', 'information');
    const answer = appealAnswerSchema.parse((await appeal(accessToken)).json());
    const v = staffRequestDetailSchema.parse(
      (await detail(t, reviewer.headers, answer.reference)).json(),
    ).version;
    expect(
      (await act(t, reviewer.headers, answer.reference, { action: 'start', expectedVersion: v })).statusCode,
    ).toBe(200);
    const denierTry = await act(t, denier.headers, answer.reference, {
      action: 'complete',
      expectedVersion: v + 1,
      outcome: 'Answered.',
    });
    expect(denierTry.statusCode).toBe(403);
    const ok = await act(t, reviewer.headers, answer.reference, {
      action: 'complete',
      expectedVersion: v + 1,
      outcome: 'Answered.',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('appeal access: 404 when the request was not appealed, 401 without a token', async () => {
    const { accessToken } = await deniedRequest('fr');
    const open = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/requests/me/appeal/access', headers, payload: {} });
    const none = await open({ authorization: `Bearer ${accessToken}` });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('not_found');
    expect((await open({})).statusCode).toBe(401);
    const view = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(view.json().appeal).toBeNull();
  });

  it('after 60 days: 422 appeal_window_closed; on an open request: 422; bad body: 400; no token: 401', async () => {
    const { reference, accessToken } = await deniedRequest('en');
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { reference },
      select: { closedAt: true },
    });
    const last = appealDeadline(row.closedAt!, 'Europe/Paris');
    t.clock.set(new Date(last.getTime() + 1));
    // Access tokens last 30 days: the subject would ask for a fresh status link; stretch this one.
    await t.prisma.requestToken.updateMany({
      where: { request: { reference }, purpose: 'access' },
      data: { expiresAt: new Date(last.getTime() + 86_400_000) },
    });
    try {
      const late = await appeal(accessToken);
      expect(late.statusCode).toBe(422);
      expect(late.json()).toMatchObject({ code: 'appeal_window_closed', appealUntil: last.toISOString() });
    } finally {
      t.clock.set(new Date());
    }
    const open = await fileAndVerify(t);
    const notDenied = await appeal(open.accessToken);
    expect(notDenied.statusCode).toBe(422);
    expect(notDenied.json().code).toBe('action_not_allowed');
    expect((await appeal(accessToken, { body: '' })).statusCode).toBe(400);
    expect((await appeal(accessToken, { body: 'x', extra: 1 })).statusCode).toBe(400);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests/me/appeal',
      payload: { body: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
