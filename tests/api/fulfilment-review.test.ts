// Fulfilment beyond the happy path: the staff detail's `fulfilment`, identifiers and matching, the
// Art. 15(4) review (an exclusion rebuilds the ZIP without the row or field), portability formats,
// a transfer to a named recipient, and a failing source that staff retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/webhook-receiver.ts';
import { unzip } from '../support/zip.ts';
import { actions, type FulfilmentWorld, startFulfilmentWorld } from './fulfilment.fixtures.ts';
import { uniqueEmail, waitForMail } from './staff-requests.fixtures.ts';

let w: FulfilmentWorld;
let a: ReturnType<typeof actions>;

beforeAll(async () => {
  w = await startFulfilmentWorld();
  a = actions(w);
});
afterAll(async () => {
  await w?.close();
});

const draft = async (reference: string) => {
  const res = await w.t.app.inject({
    url: `/api/v1/staff/requests/${reference}/package`,
    headers: w.agent.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return unzip(res.rawPayload);
};
const json = (files: Map<string, Buffer>, name: string) => JSON.parse(files.get(name)!.toString('utf8'));

describe('staff review', () => {
  it('shows progress and lets staff leave a row or a field out, rebuilding the package', async () => {
    const email = uniqueEmail('review');
    w.crm.set(email, [
      { id: 1, note: 'mine', other: 'about my neighbour' },
      { id: 2, note: 'reveals someone else', other: null },
    ]);
    const r = await a.start({ email });
    const before = await a.detail(r.reference);
    expect(before.allowedActions).toContain('fulfil');
    expect(before.fulfilment).toMatchObject({
      applicable: true,
      running: false,
      progress: { done: 0, total: 1 },
    });

    const linked = await a.post(`/staff/requests/${r.reference}/identifiers`, {
      kind: 'customer_number',
      value: 'C-77',
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().fulfilment.identifiers).toEqual([
      expect.objectContaining({ kind: 'customer_number', value: 'C-77' }),
    ]);
    const audit = linked.json().audit.find((e: { type: string }) => e.type === 'identifier.added');
    expect(JSON.stringify(audit.data)).not.toContain('C-77');

    await a.fulfil(r.reference);
    const pkg = await a.packageReady(r.reference);
    const shown = await a.detail(r.reference);
    expect(shown.fulfilment).toMatchObject({
      running: false,
      progress: { done: 1, total: 1 },
      // A webhook finds the subject itself: no count is claimed for it (never "0 found").
      sources: [
        {
          name: 'crm',
          kind: 'webhook',
          state: 'done',
          matchCount: null,
          tables: [{ table: 'contacts', rows: 2 }],
        },
      ],
      package: {
        state: 'ready',
        fileName: `${r.reference}.zip`,
        tables: [{ source: 'crm', table: 'contacts', rows: 2, excluded: 0 }],
      },
    });

    const page = await w.t.app.inject({
      url: `/api/v1/staff/requests/${r.reference}/package/records?source=crm&table=contacts&limit=1`,
      headers: w.agent.headers,
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items).toHaveLength(1);
    const next = await w.t.app.inject({
      url: `/api/v1/staff/requests/${r.reference}/package/records?source=crm&table=contacts&cursor=${page.json().nextCursor}`,
      headers: w.agent.headers,
    });
    const [first, second] = [page.json().items[0], next.json().items[0]];
    expect([first.data.id, second.data.id]).toEqual([1, 2]);
    expect(next.json().nextCursor).toBeNull();

    const reason = 'Row 2 names a neighbour of the subject';
    expect(
      (await a.post(`/staff/requests/${r.reference}/package/exclusions`, { recordId: second.id, reason }))
        .statusCode,
    ).toBe(200);
    const fieldOut = await a.post(`/staff/requests/${r.reference}/package/exclusions`, {
      recordId: first.id,
      fields: ['other'],
      reason: 'About a third party',
    });
    expect(fieldOut.statusCode, fieldOut.body).toBe(200);
    await a.packageReady(r.reference, pkg.generation + 1);
    const files = await draft(r.reference);
    expect(json(files, 'data.json').sources).toEqual({ crm: { contacts: [{ id: 1, note: 'mine' }] } });
    expect(files.get('crm/contacts.csv')!.toString('utf8')).not.toContain('neighbour');
    expect(files.get('report.html')!.toString('utf8')).toContain('écarté');

    const events = await w.t.prisma.auditEvent.findMany({
      where: { request: { reference: r.reference }, type: 'fulfilment.record_excluded' },
    });
    expect(events.map((e) => e.data)).toEqual([
      { recordId: second.id, row: true },
      { recordId: first.id, fields: ['other'] },
    ]);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('neighbour');
    const stored = await w.t.prisma.fulfilmentRecord.findUniqueOrThrow({ where: { id: BigInt(second.id) } });
    expect(stored).toMatchObject({ excluded: true, exclusionReason: reason });
  });
});

describe('portability', () => {
  it('json: data.json and its schema; csv: the CSVs; report.html always', async () => {
    const email = uniqueEmail('porta');
    w.crm.set(email, [{ id: 5, city: 'Lyon' }]);
    const asJson = await a.start({ type: 'portability', email, details: { format: 'json' } });
    const asCsv = await a.start({ type: 'portability', email, details: { format: 'csv' } });
    await a.fulfil(asJson.reference);
    await a.fulfil(asCsv.reference);
    await a.packageReady(asJson.reference);
    await a.packageReady(asCsv.reference);
    expect([...(await draft(asJson.reference)).keys()].sort()).toEqual([
      'data.json',
      'data.schema.json',
      'report.html',
    ]);
    expect([...(await draft(asCsv.reference)).keys()].sort()).toEqual(['crm/contacts.csv', 'report.html']);
  });

  it('transferTo: the recipient gets a working link, the subject no download', async () => {
    const email = uniqueEmail('mover');
    const recipient = uniqueEmail('newbank');
    w.crm.set(email, [{ id: 8, iban: 'FR76 0000' }]);
    const r = await a.start({
      type: 'portability',
      email,
      details: { format: 'json', transferTo: { name: 'New Bank', email: recipient } },
    });
    await a.fulfil(r.reference);
    await a.packageReady(r.reference);
    await a.complete(r.reference);
    const mail = await waitForMail(w.t, recipient);
    const link = /\/api\/v1\/transfers\/([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    const res = await w.t.app.inject({ url: link![0] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(json(await unzip(res.rawPayload), 'data.json').sources.crm.contacts).toEqual([
      { id: 8, iban: 'FR76 0000' },
    ]);
    expect((await w.t.app.inject({ url: `/api/v1/transfers/${'x'.repeat(43)}` })).statusCode).toBe(404);
    const view = await w.t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${r.accessToken}` },
    });
    expect(view.json().downloads).toEqual([]);
    // The status page says where the data went: the name the subject typed, never the address.
    expect(view.json().transfers).toEqual([{ recipient: 'New Bank', at: w.t.clock.now.toISOString() }]);
    expect(JSON.stringify(view.json().transfers)).not.toContain(recipient);
    const subjectMail = await waitForMail(
      w.t,
      email,
      (m) => m.text.includes('recipient') || m.text.includes('destinataire'),
    );
    expect(subjectMail.text).toContain('destinataire');
    const audit = await w.t.prisma.auditEvent.findMany({
      where: { request: { reference: r.reference }, type: 'fulfilment.transferred' },
    });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain(recipient);
  });
});

describe('a failing source', () => {
  it('shows as failed, keeps complete refused, and runs again on retry', async () => {
    const email = uniqueEmail('down');
    w.failing.add(email);
    w.crm.set(email, [{ id: 11 }]);
    const r = await a.start({ email });
    await a.fulfil(r.reference);
    const failed = await eventually(async () => {
      const d = await a.detail(r.reference);
      return d.fulfilment.sources[0].state === 'failed' && d;
    });
    expect(failed.fulfilment.sources[0].lastError).toMatchObject({ code: 'source_unavailable' });
    const refused = await a.act(r.reference, {
      action: 'complete',
      expectedVersion: failed.version,
      outcome: 'x',
    });
    expect(refused.json()).toMatchObject({ code: 'fulfilment_pending' });

    w.failing.delete(email);
    const retried = await a.post(`/staff/requests/${r.reference}/fulfilment/sources/crm/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await a.packageReady(r.reference);
    expect(json(await draft(r.reference), 'data.json').sources.crm.contacts).toEqual([{ id: 11 }]);
    const types = (await a.detail(r.reference)).audit.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'fulfilment.source_failed',
        'fulfilment.source_retried',
        'fulfilment.source_done',
      ]),
    );
    // Nothing left to retry once done.
    expect(
      (await a.post(`/staff/requests/${r.reference}/fulfilment/sources/crm/retry`)).json(),
    ).toMatchObject({
      code: 'source_not_retryable',
    });
  });
});
