// Webhook sources end to end: the portal's real job queue delivers to a real HTTP server on
// 127.0.0.1, which answers 200, 202, errors; callbacks come back over a real socket (supertest).
import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DataMap, dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { erasureMailLines, loadErasureOutcome } from '../../api/src/modules/fulfilment/erasure-outcome.ts';
import { createWebhookSource } from '../../api/src/modules/fulfilment/sources/webhook.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs } from '../support/staff.ts';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { seedRequest, uniqueEmail } from './staff-requests.fixtures.ts';

const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
let t: TestApp;
let receiver: WebhookReceiver;
let dataMap: DataMap;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  dataMap = dataMapSchema.parse({
    sources: [
      {
        name: 'crm',
        kind: 'webhook',
        url: receiver.url,
        secret: SECRET,
        types: ['access', 'erasure'],
        timeoutSeconds: 2,
      },
    ],
  });
  // Retries after 1 s instead of 20 s doubling; three tries in all.
  t = await startTestApp({ dataMap, webhookPolicy: { retryDelay: 1, retryBackoff: false, retryLimit: 2 } });
});
afterAll(async () => {
  await t.close();
  await receiver.stop();
});
beforeEach(() => {
  receiver.calls.length = 0;
});

/** The receiver's side of docs/WEBHOOKS.md, written from the recipe, not from our module. */
function receiverVerifies(secret: string, raw: string, header: string | undefined): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex');
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

function sign(secret: string, raw: string, at = t.clock.now): string {
  const ts = Math.floor(at.getTime() / 1000);
  return `t=${ts},v1=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
}

async function startDelivery(type: 'access' | 'erasure' = 'access') {
  const email = uniqueEmail('webhook');
  const req = await seedRequest(t, { status: 'in_progress', type, email });
  await t.prisma.subjectIdentifier.create({
    data: { requestId: req.id, kind: 'customer_number', value: 'C-1042' },
  });
  const source = createWebhookSource(dataMap.sources[0] as never, { prisma: t.prisma });
  const answer = await source.collect(
    { id: req.id, reference: req.reference, type, details: {}, locale: 'fr' },
    { email, identifiers: [] },
    { row: async () => {} },
    { now: new Date(), signal: new AbortController().signal },
  );
  expect(answer).toEqual({ state: 'waiting' });
  const row = await t.prisma.fulfilmentSource.findUniqueOrThrow({
    where: { requestId_source: { requestId: req.id, source: 'crm' } },
  });
  return { ...req, email, rowId: row.id };
}

const rowOf = (id: string) => t.prisma.fulfilmentSource.findUniqueOrThrow({ where: { id } });
const auditOf = (requestId: string) =>
  t.prisma.auditEvent.findMany({
    where: { requestId },
    orderBy: { id: 'asc' },
    select: { type: true, data: true },
  });
const settleJobs = async (requestId: string) =>
  (
    await t.prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM pgboss.job WHERE name = 'fulfilment.settle' AND data->>'requestId' = ${requestId}`
  )[0]!.n;
/** The settle job follows the source's event (fulfilment reaction): its count once it is there. */
const settled = (requestId: string) =>
  eventually(async () => (await settleJobs(requestId)) > 0n && settleJobs(requestId));

describe('delivery', () => {
  it('signs the documented body so a receiver can verify it, and a 200 with data completes the source', async () => {
    receiver.answer = () => ({
      status: 200,
      body: { data: { contacts: [{ id: 7, plan: 'pro' }], tickets: [{ id: 1 }, { id: 2 }] } },
    });
    const d = await startDelivery();
    const [call] = await receiver.waitForCalls(1);
    expect(receiverVerifies(SECRET, call!.raw, call!.headers['x-dsr-signature'] as string)).toBe(true);
    expect(
      receiverVerifies('another-secret-entirely', call!.raw, call!.headers['x-dsr-signature'] as string),
    ).toBe(false);
    expect(JSON.parse(call!.raw)).toEqual({
      id: d.rowId,
      event: 'dsr.access',
      reference: d.reference,
      type: 'access',
      subject: { email: d.email, identifiers: [{ kind: 'customer_number', value: 'C-1042' }] },
      details: {},
      callbackUrl: `http://portal.test/api/v1/webhooks/callback/${d.rowId}`,
    });

    const row = await eventually(async () => {
      const r = await rowOf(d.rowId);
      return r.state === 'done' && r;
    });
    expect(row.result).toMatchObject({ tables: { contacts: { rows: 1 }, tickets: { rows: 2 } } });
    const records = await t.prisma.fulfilmentRecord.findMany({
      where: { requestId: d.id },
      orderBy: [{ table: 'asc' }, { seq: 'asc' }],
    });
    expect(records.map((r) => [r.source, r.table, r.data])).toEqual([
      ['crm', 'contacts', { id: 7, plan: 'pro' }],
      ['crm', 'tickets', { id: 1 }],
      ['crm', 'tickets', { id: 2 }],
    ]);
    const types = (await auditOf(d.id)).map((a) => a.type);
    expect(types).toEqual(expect.arrayContaining(['webhook.delivered', 'fulfilment.source_done']));
    expect(await settled(d.id)).toBe(1n);
    expect(t.logs.join('\n')).not.toContain(d.email);
  });

  it('retries a 503 and completes on the next 200, with the same delivery id', async () => {
    receiver.answer = (_call, n) => (n === 1 ? { status: 503 } : { status: 200 });
    const d = await startDelivery('erasure');
    const calls = await receiver.waitForCalls(2);
    expect(calls.map((c) => JSON.parse(c.raw).id)).toEqual([d.rowId, d.rowId]);
    const row = await eventually(async () => {
      const r = await rowOf(d.rowId);
      return r.state === 'done' && r;
    });
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeNull();
  });

  it('keeps an erasure answer per table (erased, kept until a date with its basis), shown to staff and the subject', async () => {
    receiver.answer = () => ({
      status: 200,
      body: {
        erasure: [
          { table: 'tickets', erased: 3 },
          {
            table: 'invoices',
            erased: 0,
            kept: 2,
            keptUntil: '2034-05-01',
            basis: 'Code de commerce, art. L123-22',
            description: { fr: 'Factures', en: 'Invoices' },
          },
        ],
      },
    });
    const d = await startDelivery('erasure');
    await eventually(async () => (await rowOf(d.rowId)).state === 'done');
    const agent = await loginAs(t, 'agent');
    const staffView = await t.app.inject({
      url: `/api/v1/staff/requests/${d.reference}`,
      headers: agent.headers,
    });
    const crm = staffView.json().fulfilment.sources.find((s: { name: string }) => s.name === 'crm');
    expect(crm.erasure).toEqual([
      expect.objectContaining({ table: 'tickets', erased: 3, kept: 0, keptUntil: null, basis: null }),
      expect.objectContaining({
        table: 'invoices',
        erased: 0,
        kept: 2,
        keptUntil: '2034-05-01',
        basis: 'Code de commerce, art. L123-22',
      }),
    ]);
    // The subject's view and completion mail read the same outcome, in their language.
    const outcome = await loadErasureOutcome(t.prisma, { id: d.id, type: 'erasure' }, 'en');
    const lines = erasureMailLines(outcome, 'en').join('\n');
    expect(lines).toContain('Invoices: 2 records kept until 1 May 2034');
    expect(lines).toContain('Code de commerce, art. L123-22');

    // A malformed per-table answer is a bad answer, never a silent "done".
    receiver.answer = () => ({ status: 200, body: { erasure: [{ table: 'tickets', erased: -1 }] } });
    const bad = await startDelivery('erasure');
    const row = await eventually(async () => {
      const r = await rowOf(bad.rowId);
      return r.state === 'failed' && r;
    });
    expect(row.lastError).toMatch(/^source_bad_answer: /);
  });

  // A 5xx is the receiver being down, not refusing: staff read "unavailable, asked again".
  it.each([
    [500, 'source_unavailable'],
    [403, 'source_rejected'],
  ])(
    'fails the source once retries are exhausted (HTTP %i → %s), keeping the status but never the answer body',
    async (status, code) => {
      receiver.answer = () => ({ status, body: { error: 'private-receiver-detail' } });
      const d = await startDelivery();
      const row = await eventually(async () => {
        const r = await rowOf(d.rowId);
        return r.state === 'failed' && r;
      });
      expect(receiver.calls).toHaveLength(3);
      expect(row.lastError).toBe(`${code}: HTTP ${status}`);
      const audit = await auditOf(d.id);
      expect(audit.find((a) => a.type === 'fulfilment.source_failed')?.data).toMatchObject({
        code,
      });
      expect(JSON.stringify(audit)).not.toContain('private-receiver-detail');
      expect(t.logs.join('\n')).not.toContain('private-receiver-detail');
      expect(await settled(d.id)).toBe(1n);
    },
  );
});

describe('callback after 202', () => {
  async function waitingDelivery() {
    receiver.answer = () => ({ status: 202 });
    const d = await startDelivery();
    await eventually(async () => (await auditOf(d.id)).some((a) => a.type === 'webhook.delivered'));
    return d;
  }
  const callback = (id: string, raw: string, signature?: string) => {
    const req = request(t.app.server)
      .post(`/api/v1/webhooks/callback/${id}`)
      .set('content-type', 'application/json');
    return (signature ? req.set('x-dsr-signature', signature) : req).send(raw);
  };

  it('completes the source from a signed callback, once', async () => {
    const d = await waitingDelivery();
    expect((await rowOf(d.rowId)).state).toBe('waiting');
    const raw = JSON.stringify({ status: 'done', data: { contacts: [{ id: 9 }] } });
    const first = await callback(d.rowId, raw, sign(SECRET, raw));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'accepted' });
    expect((await rowOf(d.rowId)).state).toBe('done');

    const again = await callback(d.rowId, raw, sign(SECRET, raw));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'already_accepted' });
    expect(await t.prisma.fulfilmentRecord.count({ where: { requestId: d.id } })).toBe(1);

    const other = JSON.stringify({ status: 'failed', message: 'changed my mind' });
    const late = await callback(d.rowId, other, sign(SECRET, other));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('callback_not_waiting');
    expect((await rowOf(d.rowId)).state).toBe('done');
    const types = (await auditOf(d.id)).map((a) => a.type);
    expect(types.filter((x) => x === 'webhook.callback_accepted')).toHaveLength(1);
    expect(await settled(d.id)).toBe(1n);
  });

  it('records a failed callback with its message on the row, not in the log', async () => {
    const d = await waitingDelivery();
    const raw = JSON.stringify({ status: 'failed', message: 'customer-locked-by-legal-hold' });
    const res = await callback(d.rowId, raw, sign(SECRET, raw));
    expect(res.status).toBe(200);
    const row = await rowOf(d.rowId);
    expect(row.state).toBe('failed');
    expect(row.lastError).toContain('customer-locked-by-legal-hold');
    expect(t.logs.join('\n')).not.toContain('customer-locked-by-legal-hold');
  });

  it('refuses forged, wrongly keyed, replayed, altered and unsigned callbacks, audited, state unchanged', async () => {
    const d = await waitingDelivery();
    const raw = JSON.stringify({ status: 'done', data: { contacts: [{ marker: 'forged-row-content' }] } });
    const old = new Date(t.clock.now.getTime() - 10 * 60_000);
    const altered = JSON.stringify({ status: 'done', data: { contacts: [{ marker: 'altered' }] } });
    const cases: Array<[string, string, string | undefined, number, string]> = [
      [
        'forged',
        raw,
        `t=${Math.floor(t.clock.now.getTime() / 1000)},v1=${'ab'.repeat(32)}`,
        401,
        'signature_invalid',
      ],
      ['wrong secret', raw, sign('not-the-configured-secret', raw), 401, 'signature_invalid'],
      ['replayed', raw, sign(SECRET, raw, old), 401, 'signature_expired'],
      ['altered', altered, sign(SECRET, raw), 401, 'signature_invalid'],
      ['unsigned', raw, undefined, 401, 'signature_missing'],
    ];
    for (const [label, body, signature, status, code] of cases) {
      const res = await callback(d.rowId, body, signature);
      expect([label, res.status, res.body.code]).toEqual([label, status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const unknown = await callback('00000000-0000-4000-8000-000000000000', raw, sign(SECRET, raw));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'callback_unknown']);

    const row = await rowOf(d.rowId);
    expect(row.state).toBe('waiting');
    expect(await t.prisma.fulfilmentRecord.count({ where: { requestId: d.id } })).toBe(0);
    const refused = (await auditOf(d.id)).filter((a) => a.type === 'webhook.callback_refused');
    expect(refused.map((a) => (a.data as { code: string }).code)).toEqual(cases.map((c) => c[4]));
    expect(JSON.stringify(refused)).not.toContain('forged-row-content');
  });
});
