// Manual sources: a task per request, closed by staff with a note (JSON) or a note and a file
// (multipart over a real socket), with the role, CSRF, size and type checks a browser would meet.
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataMap, dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { createManualSource } from '../../api/src/modules/fulfilment/sources/manual.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { seedRequest } from './staff-requests.fixtures.ts';

let t: TestApp;
let dataMap: DataMap;
let agent: StaffLogin;
let auditor: StaffLogin;

beforeAll(async () => {
  dataMap = dataMapSchema.parse({
    sources: [
      {
        name: 'analytics',
        kind: 'manual',
        instructions: { fr: "Supprimer le visiteur dans l'outil", en: 'Delete the visitor in the tool' },
        types: ['access', 'portability', 'erasure'],
      },
    ],
  });
  t = await startTestApp({ dataMap });
  agent = await loginAs(t, 'agent');
  auditor = await loginAs(t, 'auditor');
});
afterAll(async () => {
  await t.close();
});

async function openTask(type: 'access' | 'erasure' = 'access') {
  const req = await seedRequest(t, { status: 'in_progress', type });
  const source = createManualSource(dataMap.sources[0] as never, { prisma: t.prisma });
  const answer = await source.collect(
    { id: req.id, reference: req.reference, type, details: {}, locale: 'en' },
    { email: 'x@example.test', identifiers: [] },
    { row: async () => {} },
    { now: new Date(), signal: new AbortController().signal },
  );
  if (answer.state !== 'task') throw new Error(`expected a task, got ${answer.state}`);
  return {
    ...req,
    taskId: answer.taskId,
    url: `/api/v1/staff/requests/${req.reference}/tasks/${answer.taskId}`,
  };
}

const sourceState = async (requestId: string) =>
  (
    await t.prisma.fulfilmentSource.findUniqueOrThrow({
      where: { requestId_source: { requestId, source: 'analytics' } },
    })
  ).state;

/** A multipart close over a real socket; `headers` minus the JSON content type supertest replaces. */
function multipart(url: string, login: StaffLogin, file?: { content: Buffer; name: string; type: string }) {
  const { 'content-type': _json, ...headers } = login.headers;
  const req = request(t.app.server)
    .post(url)
    .set(headers)
    .field('status', 'done')
    .field('note', 'Exported, ticket OPS-88');
  return file ? req.attach('file', file.content, { filename: file.name, contentType: file.type }) : req;
}

describe('manual source', () => {
  it('opens one task per request with its instructions per locale, audited', async () => {
    const task = await openTask();
    const again = await createManualSource(dataMap.sources[0] as never, { prisma: t.prisma }).collect(
      { id: task.id, reference: task.reference, type: 'access', details: {}, locale: 'en' },
      { email: 'x@example.test', identifiers: [] },
      { row: async () => {} },
      { now: new Date(), signal: new AbortController().signal },
    );
    expect(again).toEqual({ state: 'task', taskId: task.taskId });
    const rows = await t.prisma.task.findMany({ where: { requestId: task.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      system: 'analytics',
      status: 'open',
      description: "Supprimer le visiteur dans l'outil",
      instructions: { fr: "Supprimer le visiteur dans l'outil", en: 'Delete the visitor in the tool' },
    });
    expect(await sourceState(task.id)).toBe('waiting');
    expect(await t.prisma.auditEvent.count({ where: { requestId: task.id, type: 'task.opened' } })).toBe(1);
  });
});

describe('closing a task', () => {
  it('closes with a note (JSON): the source is done, the closing audited without the note', async () => {
    const task = await openTask('erasure');
    const res = await t.app.inject({
      method: 'POST',
      url: task.url,
      headers: agent.headers,
      payload: { status: 'done', note: 'Visitor 4411 deleted, ticket OPS-77' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: task.taskId,
      status: 'done',
      note: 'Visitor 4411 deleted, ticket OPS-77',
      completedBy: { id: agent.user.id, name: agent.user.name },
      attachment: null,
    });
    expect(await sourceState(task.id)).toBe('done');
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: task.id, type: 'task.closed' },
    });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: agent.user.id });
    expect(JSON.stringify(audit.data)).not.toContain('OPS-77');
    // The settle job follows the source's event (fulfilment reaction), once.
    const settleJobs = async () =>
      (
        await t.prisma.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*) AS n FROM pgboss.job WHERE name = 'fulfilment.settle' AND data->>'requestId' = ${task.id}`
      )[0]!.n;
    expect(await eventually(async () => (await settleJobs()) > 0n && settleJobs())).toBe(1n);

    const twice = await t.app.inject({
      method: 'POST',
      url: task.url,
      headers: agent.headers,
      payload: { status: 'done', note: 'again' },
    });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'task_closed']);
  });

  it('closes with an uploaded file (multipart) that is stored as the attachment', async () => {
    const task = await openTask('access');
    const content = Buffer.from('visitor_id,first_seen\n4411,2024-02-01\n');
    const res = await multipart(task.url, agent, { content, name: 'analytics-export.csv', type: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body.attachment).toEqual({ name: 'analytics-export.csv', sizeBytes: content.length });
    expect(res.body.note).toBe('Exported, ticket OPS-88');
    const stored = await t.prisma.task.findUniqueOrThrow({ where: { id: task.taskId } });
    expect(await text(await t.app.deps.blobs.read(stored.attachmentId!))).toBe(content.toString());
    expect(await sourceState(task.id)).toBe('done');
  });

  it('refuses a file over 20 MiB (413) and a file type off the list (415), leaving the task open', async () => {
    const task = await openTask('access');
    const blobs = await t.prisma.blob.count();
    const big = await multipart(task.url, agent, {
      content: randomBytes(20 * 1024 * 1024 + 1),
      name: 'huge.zip',
      type: 'application/zip',
    });
    expect([big.status, big.body.code]).toEqual([413, 'payload_too_large']);
    const exe = await multipart(task.url, agent, {
      content: Buffer.from('MZ'),
      name: 'tool.exe',
      type: 'application/x-msdownload',
    });
    expect([exe.status, exe.body.code]).toEqual([415, 'unsupported_media_type']);
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('open');
    expect(await t.prisma.blob.count()).toBe(blobs);
  });

  it('takes a file only for access and portability', async () => {
    const task = await openTask('erasure');
    const res = await multipart(task.url, agent, {
      content: Buffer.from('%PDF-1.4'),
      name: 'proof.pdf',
      type: 'application/pdf',
    });
    expect([res.status, res.body.code]).toEqual([422, 'attachment_not_allowed']);
  });

  it('refuses auditors, requests without the CSRF token, and unknown tasks', async () => {
    const task = await openTask('access');
    const asAuditor = await t.app.inject({
      method: 'POST',
      url: task.url,
      headers: auditor.headers,
      payload: { status: 'done', note: 'n' },
    });
    expect([asAuditor.statusCode, asAuditor.json().code]).toEqual([403, 'forbidden']);
    const { 'x-csrf-token': _token, ...noToken } = agent.headers;
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: task.url,
      headers: noToken,
      payload: { status: 'done', note: 'n' },
    });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, 'csrf_failed']);
    const noCsrfUpload = await multipart(
      task.url,
      { ...agent, headers: { ...agent.headers, 'x-csrf-token': 'wrong' } },
      {
        content: Buffer.from('a'),
        name: 'a.txt',
        type: 'text/plain',
      },
    );
    expect([noCsrfUpload.status, noCsrfUpload.body.code]).toEqual([403, 'csrf_failed']);
    expect((await t.prisma.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('open');

    const other = await openTask('access');
    for (const url of [
      `/api/v1/staff/requests/${other.reference}/tasks/${task.taskId}`,
      `/api/v1/staff/requests/${task.reference}/tasks/00000000-0000-4000-8000-000000000000`,
      `/api/v1/staff/requests/${task.reference}/tasks/not-a-task`,
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: agent.headers,
        payload: { status: 'done', note: 'n' },
      });
      expect([url, res.statusCode, res.json().code]).toEqual([url, 404, 'not_found']);
    }
  });
});
