import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineReaction } from '../../api/src/modules/events/reaction.ts';
import { staffNoticesReaction } from '../../api/src/modules/events/reactions/staff-notices.ts';
import { subjectMailsReaction } from '../../api/src/modules/events/reactions/subject-mails.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';
import { loginAs } from '../support/staff.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { act, fileAndVerify, mailsTo, uniqueEmail, waitForMail } from './staff-requests.fixtures.ts';

// Request events (one producer): every audit event of a request is one `request.event` job, fanned
// out to one job per reaction that acts on it; none of these jobs carries an address, a name, a text
// or a token.

const TOKEN_IN_LINK = /\/verify#token=([A-Za-z0-9_-]{43})/;

async function jobRows(t: TestApp, where: string) {
  return t.prisma.$queryRawUnsafe<Array<{ name: string; data: unknown }>>(
    `SELECT name, data FROM pgboss.job WHERE ${where} UNION ALL SELECT name, data FROM pgboss.archive WHERE ${where}`,
  );
}

describe('the event pipeline after a whole journey', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('queues one event per audit event, ids only, and leaves no address, name, text or token in any job', async () => {
    const admin = await loginAs(t, 'admin');
    const email = uniqueEmail('events');
    const fullName = 'Noémie Eventsubject';
    const { reference, accessToken } = await fileAndVerify(t, { email, fullName, locale: 'en' });
    const request = await t.prisma.request.findUniqueOrThrow({ where: { reference } });
    let version = request.version;
    const step = async (payload: Record<string, unknown>) => {
      const res = await act(t, admin.headers, reference, { expectedVersion: version, ...payload });
      expect(res.statusCode, res.body).toBe(200);
      version = (res.json() as { version: number }).version;
    };
    const texts = ['Which order numbers, please?', 'Three systems to search.', 'Your export is ready.'];
    await step({ action: 'start' });
    await step({ action: 'request_info', body: texts[0] });
    await step({ action: 'resume' });
    await step({ action: 'extend', months: 1, reason: texts[1] });
    // An access request completes once its package is built: fulfilment's jobs are scanned too.
    await step({ action: 'fulfil' });
    await eventually(
      async () => (await t.prisma.package.findFirst({ where: { requestId: request.id } }))?.state === 'ready',
    );
    await step({ action: 'complete', outcome: texts[2] });
    const link = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access-links',
      payload: { email, reference },
    });
    expect(link.statusCode).toBe(202);
    await waitForMail(t, email, (m) => /status link/i.test(m.subject));
    await waitForMail(t, admin.user.email, (m) => m.subject.includes(reference));
    await pipelineSettled(t.prisma);

    // What the subject saw, each once: verification, receipt, request for information, extension,
    // completion, status link; staff: one new-request notice.
    const mails = mailsTo(t, email);
    expect(mails).toHaveLength(6);
    expect(mailsTo(t, admin.user.email)).toHaveLength(1);
    expect(mails.find((m) => m.text.includes(texts[0]!))).toBeDefined();
    expect(mails.find((m) => m.text.includes(texts[1]!))).toBeDefined();
    expect(mails.find((m) => m.text.includes(texts[2]!))).toBeDefined();
    // Each mail its own link: the verification, the status link and every mail inviting back.
    const tokens = mails.flatMap((m) => TOKEN_IN_LINK.exec(m.text)?.[1] ?? []);
    expect(new Set(tokens).size).toBe(6);

    // One producer: one event job per audit event of the request, carrying ids, the type and the
    // status it led to only.
    const audit = await t.prisma.auditEvent.findMany({ where: { requestId: request.id } });
    const events = await jobRows(t, `name = 'request.event' AND data->>'requestId' = '${request.id}'`);
    expect(events.map((e) => (e.data as { eventId: string }).eventId).sort()).toEqual(
      audit.map((a) => String(a.id)).sort(),
    );
    const reactions = await jobRows(t, `name LIKE 'react.%' AND data->>'requestId' = '${request.id}'`);
    expect(reactions.length).toBeGreaterThanOrEqual(8);
    for (const job of [...events, ...reactions]) {
      expect(Object.keys(job.data as object).sort()).toEqual(['eventId', 'requestId', 'toStatus', 'type']);
    }
    // The fan-out queues a reaction only for the events it acts on: the staff notice for the
    // verification, none for the filing (received pending verification).
    const notices = reactions.filter((job) => job.name === 'react.staff-notices');
    expect(notices.map((job) => (job.data as { type: string }).type)).toEqual(['request.verified']);

    // Once the mails are sent, no job of any queue (events, reactions, access links, mail) holds them.
    const secrets = [email, fullName, accessToken, ...tokens, ...texts];
    for (const secret of secrets) {
      const rows = await t.prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT (SELECT count(*) FROM pgboss.job WHERE data::text ILIKE '%' || $1 || '%')::int
              + (SELECT count(*) FROM pgboss.archive WHERE data::text ILIKE '%' || $1 || '%')::int AS n`,
        secret,
      );
      expect(rows[0]!.n, 'a job still holds a secret').toBe(0);
    }
  });
});

describe('a reaction that fails', () => {
  let t: TestApp;
  const crashed: string[] = [];
  // The real subject-mail reaction, made to fail once per event type: after its transaction
  // committed (a lost completion) for the verification mail, before doing anything for the receipt.
  const flaky = defineReaction({
    ...subjectMailsReaction,
    async handle(ctx, event) {
      const first = !crashed.includes(event.type);
      if (first) crashed.push(event.type);
      if (first && event.type === 'request.verified') throw new Error('crash before');
      await subjectMailsReaction.handle(ctx, event);
      if (first && event.type === 'request.received') throw new Error('crash after commit');
    },
  });
  beforeAll(async () => {
    t = await startTestApp({ reactions: [flaky, staffNoticesReaction] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is retried on its own, and each mail arrives exactly once with one working token', async () => {
    const admin = await loginAs(t, 'admin');
    const email = uniqueEmail('flaky');
    const { reference } = await fileAndVerify(t, { email, locale: 'en' });
    await waitForMail(t, email, (m) => m.subject.includes('confirmed'));
    await waitForMail(t, admin.user.email, (m) => m.subject.includes(reference));
    await pipelineSettled(t.prisma);
    expect(crashed).toEqual(expect.arrayContaining(['request.received', 'request.verified']));

    const mails = mailsTo(t, email);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('Confirm'),
      expect.stringContaining('confirmed'),
    ]);
    expect(mailsTo(t, admin.user.email)).toHaveLength(1);
    const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
    // The retried run found its mail queued and rolled back: no second link token.
    expect(await t.prisma.requestToken.count({ where: { requestId: id, purpose: 'verify' } })).toBe(1);
    const retried = await t.prisma.$queryRawUnsafe<
      Array<{ name: string; retry_count: number; state: string }>
    >(
      `SELECT name, retry_count, state::text FROM pgboss.job WHERE name LIKE 'react.%' AND data->>'requestId' = $1
         AND data->>'type' IN ('request.received', 'request.verified') ORDER BY name, data->>'type'`,
      id,
    );
    // The staff notice runs once, for the verification (none is queued for the filing).
    expect(retried).toEqual([
      { name: 'react.staff-notices', retry_count: 0, state: 'completed' },
      { name: 'react.subject-mails', retry_count: 1, state: 'completed' },
      { name: 'react.subject-mails', retry_count: 1, state: 'completed' },
    ]);
  });
});
