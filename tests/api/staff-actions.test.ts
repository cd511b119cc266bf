import { extendDueAt } from '@dsr/shared/deadline';
import { queueAnswerSchema, staffRequestDetailSchema } from '@dsr/shared/staff-requests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { act, detail, fileAndVerify, mailsTo, seedRequest, waitForMail } from './staff-requests.fixtures.ts';

// Staff actions over HTTP: login → queue → every action → the mails the subject receives.

let t: TestApp;
let admin: StaffLogin;
let agent: StaffLogin;
let auditor: StaffLogin;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, 'admin', { name: 'Alice Admin' });
  agent = await loginAs(t, 'agent', { name: 'Bob Agent' });
  auditor = await loginAs(t, 'auditor');
});

afterAll(async () => {
  await t?.close();
});

async function version(reference: string): Promise<number> {
  const res = await detail(t, admin.headers, reference);
  return staffRequestDetailSchema.parse(res.json()).version;
}

describe('a request worked from the queue to completion (English subject)', () => {
  it('notifies staff, lists it, and mails the subject at each step', async () => {
    const { reference, email, accessToken } = await fileAndVerify(t, { locale: 'en', type: 'access' });

    // New-request notice to every active admin and agent, with no subject data in it.
    const notice = await waitForMail(t, agent.user.email, (m) => m.subject.includes(reference));
    await waitForMail(t, admin.user.email, (m) => m.subject.includes(reference));
    expect(mailsTo(t, auditor.user.email)).toHaveLength(0);
    expect(notice.text).toContain(`http://portal.test/staff/requests/${reference}`);
    expect(notice.text + notice.html).not.toContain(email);
    expect(notice.text).not.toContain('Camille');

    const queue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/requests?q=${reference}`,
      headers: agent.headers,
    });
    expect(queue.statusCode).toBe(200);
    const page = queueAnswerSchema.parse(queue.json());
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      reference,
      status: 'verified',
      email,
      overdue: false,
      assignee: null,
    });
    expect(page.items[0]!.daysLeft).toBeGreaterThanOrEqual(28);
    expect(queue.headers['cache-control']).toBe('no-store');

    let v = page.items[0]!.version;
    const step = async (payload: Record<string, unknown>) => {
      const res = await act(t, agent.headers, reference, { expectedVersion: v, ...payload });
      expect(res.statusCode, res.body).toBe(200);
      const body = staffRequestDetailSchema.parse(res.json());
      expect(body.version).toBe(v + 1);
      v = body.version;
      return body;
    };

    const assigned = await step({ action: 'assign', assigneeId: agent.user.id });
    expect(assigned.assignee).toEqual({ id: agent.user.id, name: 'Bob Agent' });
    expect((await step({ action: 'start' })).status).toBe('in_progress');

    const info = await step({ action: 'request_info', body: 'Which order numbers do you mean?' });
    expect(info.status).toBe('awaiting_subject');
    const infoMail = await waitForMail(t, email, (m) => m.subject.includes('we need information'));
    expect(infoMail.text).toContain('Which order numbers do you mean?');
    expect(infoMail.text).toContain('http://portal.test/status');
    expect(infoMail.html).toContain('Which order numbers do you mean?');

    expect((await step({ action: 'resume' })).status).toBe('in_progress');

    const before = await t.prisma.request.findUniqueOrThrow({
      where: { reference },
      select: { dueAt: true, verifiedAt: true },
    });
    const extended = await step({ action: 'extend', months: 2, reason: 'Your data spans <three> systems.' });
    const expectedDue = extendDueAt(before.dueAt!, 2, 'Europe/Paris', before.verifiedAt!);
    expect(extended.dueAt).toBe(expectedDue.toISOString());
    expect(extended.originalDueAt).toBe(before.dueAt!.toISOString());
    expect(extended.extension).toEqual({
      months: 2,
      reason: 'Your data spans <three> systems.',
      dueAt: expectedDue.toISOString(),
    });
    expect(extended.allowedActions).not.toContain('extend');
    const extMail = await waitForMail(t, email, (m) => m.subject.includes('deadline extended'));
    expect(extMail.text).toContain('Reason: Your data spans <three> systems.');
    expect(extMail.html).toContain('&lt;three&gt;');
    expect(extMail.text).toContain('2 months');

    // A note keeps the version: it conflicts with nothing (see "refusals").
    const noteRes = await act(t, agent.headers, reference, {
      action: 'note',
      expectedVersion: v,
      body: 'Subject phoned; internal only.',
    });
    expect(noteRes.statusCode, noteRes.body).toBe(200);
    const noted = staffRequestDetailSchema.parse(noteRes.json());
    expect(noted.version).toBe(v);
    expect(noted.messages.at(-1)).toMatchObject({
      internal: true,
      from: 'staff',
      author: { name: 'Bob Agent' },
    });

    await step({ action: 'message', body: 'We are gathering your data.' });
    const msgMail = await waitForMail(t, email, (m) => m.subject.includes('new message'));
    expect(msgMail.text).toContain('We are gathering your data.');

    // An access request completes once fulfil has built its package (no source configured here:
    // the package holds the report alone).
    await step({ action: 'fulfil' });
    await eventually(
      async () =>
        (await t.prisma.package.findFirst({ where: { request: { reference } } }))?.state === 'ready',
    );
    const done = await step({ action: 'complete', outcome: 'Your data export is ready on the status page.' });
    expect(done.status).toBe('completed');
    expect(done.closedAt).not.toBeNull();
    expect(done.allowedActions).toEqual(['note']);
    expect(done.outcome).toMatchObject({
      type: 'completed',
      summary: 'Your data export is ready on the status page.',
    });
    const doneMail = await waitForMail(t, email, (m) => m.subject.includes('completed'));
    expect(doneMail.text).toContain('Your data export is ready');

    // The audit trail: who, what, from → to, for each step; no note body or e-mail in it.
    const types = done.audit.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'request.received',
        'request.verified',
        'request.assigned',
        'request.status_changed',
        'message.from_staff',
        'request.extended',
        'request.note_added',
        'request.completed',
      ]),
    );
    const completed = done.audit.find((e) => e.type === 'request.completed')!;
    expect(completed).toMatchObject({
      fromStatus: 'in_progress',
      toStatus: 'completed',
      actor: { type: 'staff', id: agent.user.id, name: 'Bob Agent' },
    });
    expect(JSON.stringify(done.audit)).not.toContain('internal only');
    expect(JSON.stringify(done.audit)).not.toContain(email);

    // The subject sees the outcome, the messages but not the note.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const view = me.json();
    expect(view).toMatchObject({
      status: 'completed',
      outcome: { type: 'completed' },
      extension: { months: 2 },
    });
    expect(view.messages.map((m: { body: string }) => m.body)).toEqual([
      'Which order numbers do you mean?',
      'We are gathering your data.',
    ]);
    expect(JSON.stringify(view)).not.toContain('Bob Agent');
    // Mails are in the request's locale (English here) and only from PUBLIC_URL.
    for (const m of mailsTo(t, email)) {
      expect(m.text).not.toMatch(/Votre demande|Nous /);
      for (const url of m.text.match(/https?:\/\/[^\s)]+/g) ?? []) {
        if (!url.startsWith('http://portal.test/') && !url.startsWith('https://www.cnil.fr'))
          throw new Error(url);
      }
    }
  });
});

describe('denial (French subject)', () => {
  it('mails the reason, the appeal link and date, the CNIL contact and the judicial remedy', async () => {
    const { reference, email, accessToken } = await fileAndVerify(t, { locale: 'fr' });
    const v = await version(reference);
    const res = await act(t, admin.headers, reference, {
      action: 'deny',
      expectedVersion: v,
      reasonCode: 'manifestly_unfounded',
      explanation: 'Aucune donnée ne correspond à cette adresse.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = staffRequestDetailSchema.parse(res.json());
    expect(body.status).toBe('denied');
    expect(body.outcome).toMatchObject({
      type: 'denied',
      reasonCode: 'manifestly_unfounded',
      deniedBy: { id: admin.user.id },
    });
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { reference },
      select: { deniedById: true, closedAt: true },
    });
    expect(row.deniedById).toBe(admin.user.id);
    expect(row.closedAt).not.toBeNull();

    const mail = await waitForMail(t, email, (m) => m.subject.includes('refus'));
    expect(mail.text).toContain('manifestement infondée');
    expect(mail.text).toContain('Aucune donnée ne correspond à cette adresse.');
    expect(mail.text).toContain('Faire appel');
    expect(mail.text).toContain('http://portal.test/status');
    expect(mail.text).toContain('Commission nationale de l’informatique et des libertés');
    expect(mail.text).toContain('3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07');
    expect(mail.text).toContain('01 53 73 22 22');
    expect(mail.text).toContain('https://www.cnil.fr');
    expect(mail.text).toContain('recours juridictionnel');
    expect(mail.html).toContain('01 53 73 22 22');

    // The subject's status page shows the denial and offers the appeal.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.json()).toMatchObject({
      status: 'denied',
      outcome: { type: 'denied', reasonCode: 'manifestly_unfounded' },
      allowedActions: ['appeal'],
    });
  });
});

describe('refusals', () => {
  it('409 stale_version with the current state, 422 action_not_allowed, 404 unknown, 403 auditor', async () => {
    const { reference } = await seedRequest(t);
    const stale = await act(t, agent.headers, reference, { action: 'start', expectedVersion: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'stale_version',
      current: { status: 'verified', version: 1 },
    });

    const resume = await act(t, agent.headers, reference, { action: 'resume', expectedVersion: 1 });
    expect(resume.statusCode).toBe(422);
    expect(resume.json()).toMatchObject({
      code: 'action_not_allowed',
      current: { status: 'verified', version: 1 },
    });

    const unknown = await act(t, agent.headers, 'DSR-2026-999999', { action: 'start', expectedVersion: 1 });
    expect(unknown.statusCode).toBe(404);
    expect((await detail(t, agent.headers, 'DSR-2026-999999')).statusCode).toBe(404);

    const byAuditor = await act(t, auditor.headers, reference, { action: 'start', expectedVersion: 1 });
    expect(byAuditor.statusCode).toBe(403);
    expect(byAuditor.json().code).toBe('forbidden');
    const seen = staffRequestDetailSchema.parse((await detail(t, auditor.headers, reference)).json());
    expect(seen.allowedActions).toEqual([]);
    expect(seen.version).toBe(1);
  });

  it('a note does not invalidate a decision a colleague drafted on the version they saw', async () => {
    const { reference } = await seedRequest(t, { status: 'in_progress' });
    // The colleague opened the request at version 1 and is writing a denial; meanwhile two notes
    // go through and leave the version as it was.
    for (const body of ['Phoned.', 'Phoned again.']) {
      const note = await act(t, agent.headers, reference, { action: 'note', expectedVersion: 1, body });
      expect(note.statusCode, note.body).toBe(200);
      expect(staffRequestDetailSchema.parse(note.json())).toMatchObject({
        version: 1,
        status: 'in_progress',
      });
    }
    const denial = await act(t, admin.headers, reference, {
      action: 'deny',
      expectedVersion: 1,
      reasonCode: 'manifestly_unfounded',
      explanation: 'Already answered last month.',
    });
    expect(denial.statusCode, denial.body).toBe(200);
    expect(staffRequestDetailSchema.parse(denial.json())).toMatchObject({ status: 'denied', version: 2 });
    // The note is audited (no body) and kept; a status change still conflicts as before.
    const events = await t.prisma.auditEvent.findMany({
      where: { request: { reference }, type: 'request.note_added' },
      select: { fromStatus: true, toStatus: true, data: true },
    });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ fromStatus: 'in_progress', toStatus: 'in_progress' });
    expect(JSON.stringify(events[0]!.data)).not.toContain('Phoned');
    const stale = await act(t, agent.headers, reference, {
      action: 'message',
      expectedVersion: 1,
      body: 'x',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('a pending request takes no staff action; unknown fields and bad bodies are 400', async () => {
    const { reference } = await seedRequest(t, { status: 'pending_verification' });
    expect(
      (await act(t, agent.headers, reference, { action: 'note', expectedVersion: 1, body: 'x' })).statusCode,
    ).toBe(422);
    const { reference: r2 } = await seedRequest(t);
    for (const payload of [
      { action: 'start', expectedVersion: 1, extra: true },
      { action: 'fly', expectedVersion: 1 },
      { action: 'extend', expectedVersion: 1, months: 3, reason: 'x' },
      { action: 'deny', expectedVersion: 1, reasonCode: 'nope', explanation: 'x' },
      { action: 'note', expectedVersion: 1, body: '   ' },
      { action: 'start', expectedVersion: '1' },
      { action: 'assign', expectedVersion: 1, assigneeId: 'not-a-uuid' },
    ]) {
      const res = await act(t, agent.headers, r2, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(await version(r2)).toBe(1);
  });

  it('assign: only an active agent or admin; null unassigns', async () => {
    const { reference } = await seedRequest(t);
    const toAuditor = await act(t, agent.headers, reference, {
      action: 'assign',
      expectedVersion: 1,
      assigneeId: auditor.user.id,
    });
    expect(toAuditor.statusCode).toBe(422);
    const toNobody = await act(t, agent.headers, reference, {
      action: 'assign',
      expectedVersion: 1,
      assigneeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(toNobody.statusCode).toBe(422);
    const ok = await act(t, agent.headers, reference, {
      action: 'assign',
      expectedVersion: 1,
      assigneeId: admin.user.id,
    });
    expect(ok.json().assignee).toEqual({ id: admin.user.id, name: 'Alice Admin' });
    const off = await act(t, agent.headers, reference, {
      action: 'assign',
      expectedVersion: 2,
      assigneeId: null,
    });
    expect(off.json().assignee).toBeNull();
  });

  it('extend: once, and only before the original due date (422 extension_not_allowed)', async () => {
    const past = new Date(t.clock.now.getTime() - 40 * 86_400_000);
    const { reference: late } = await seedRequest(t, { verifiedAt: past });
    const tooLate = await act(t, agent.headers, late, {
      action: 'extend',
      expectedVersion: 1,
      months: 1,
      reason: 'Complex.',
    });
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json()).toMatchObject({ code: 'extension_not_allowed', reason: 'deadline_passed' });

    const { reference } = await seedRequest(t);
    expect(
      (
        await act(t, agent.headers, reference, {
          action: 'extend',
          expectedVersion: 1,
          months: 1,
          reason: 'Complex.',
        })
      ).statusCode,
    ).toBe(200);
    const again = await act(t, agent.headers, reference, {
      action: 'extend',
      expectedVersion: 2,
      months: 1,
      reason: 'Again.',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'extension_not_allowed', reason: 'already_extended' });
  });

  it('complete: 422 tasks_open while a task is open, then completes once it is done', async () => {
    // Erasure, and no source handles it here: only the task stands between the request and completion.
    const { id, reference } = await seedRequest(t, { status: 'in_progress', type: 'erasure' });
    const task = await t.prisma.task.create({
      data: { requestId: id, system: 'analytics', description: 'Delete the profile' },
      select: { id: true },
    });
    const refused = await act(t, agent.headers, reference, {
      action: 'complete',
      expectedVersion: 1,
      outcome: 'Done.',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'tasks_open', openTasks: 1 });
    await t.prisma.task.update({ where: { id: task.id }, data: { status: 'done' } });
    expect(
      (await act(t, agent.headers, reference, { action: 'complete', expectedVersion: 1, outcome: 'Done.' }))
        .statusCode,
    ).toBe(200);
  });
});
