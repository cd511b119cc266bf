// Fulfilment when things go wrong, against real PostgreSQL: a source database that is unreachable
// (a closed port) fails the source for staff and keeps `complete` refused until a retry succeeds;
// a connection that dies half-way through a cursor leaves no half-staged rows, and the next run
// gives exactly the rows of a clean one; a manual task's uploaded file reaches the released ZIP.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/db.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { unzip } from '../support/zip.ts';
import { fileAndVerify, uniqueEmail } from './staff-requests.fixtures.ts';

const ORDERS = 1_234; // several cursor batches and several record batches
let t: TestApp;
let agent: StaffLogin;
let shop: TestDatabase;
let proxy: TcpProxy;
const email = uniqueEmail('shopper');

beforeAll(async () => {
  shop = await createEmptyDatabase();
  const client = new pg.Client({ connectionString: shop.url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL, name text);
       CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers,
         label text NOT NULL);
       INSERT INTO customers VALUES (1, $1, 'Ana Shopper'), (2, 'someone.else@example.test', 'Other');
       INSERT INTO orders SELECT n, 1, 'order number ' || n FROM generate_series(1, ${ORDERS}) n;
       INSERT INTO orders VALUES (${ORDERS + 1}, 2, 'not hers');`.replace('$1', `'${email}'`),
    );
  } finally {
    await client.end();
  }
  const target = new URL(shop.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  const dataMap = dataMapSchema.parse({
    sources: [
      {
        name: 'shop',
        kind: 'postgres',
        url: proxy.url(shop.url),
        subject: { table: 'customers', key: 'id', email: 'email' },
        tables: {
          customers: { category: 'profile', erase: 'anonymise' },
          orders: { link: { column: 'customer_id', references: 'customers.id' }, category: 'billing' },
        },
      },
      {
        name: 'archive',
        kind: 'manual',
        instructions: { fr: 'Exporter le dossier papier', en: 'Export the paper file' },
        types: ['access'],
      },
    ],
  });
  // One attempt per run: a failing source shows as failed at once.
  t = await startTestApp({ dataMap, fulfilmentRunPolicy: { retryLimit: 0 } });
  agent = await loginAs(t, 'agent');
});
afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await shop?.drop();
});

const post = (url: string, payload: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: agent.headers, payload });
const detail = async (reference: string) =>
  (await t.app.inject({ url: `/api/v1/staff/requests/${reference}`, headers: agent.headers })).json();
const act = async (reference: string, payload: Record<string, unknown>) =>
  post(`/staff/requests/${reference}/actions`, {
    expectedVersion: (await detail(reference)).version,
    ...payload,
  });

async function started(type: 'access' | 'portability') {
  const filed = await fileAndVerify(t, { type, email });
  expect((await act(filed.reference, { action: 'start' })).statusCode).toBe(200);
  // The match (a reaction to `start`) has asked the database before we go on.
  await eventually(async () => {
    const row = await t.prisma.fulfilmentSource.findFirst({
      where: { request: { reference: filed.reference }, source: 'shop' },
      select: { matchedAt: true },
    });
    return row?.matchedAt ?? undefined;
  });
  return filed;
}
const shopState = (reference: string, state: string) =>
  eventually(async () => {
    const d = await detail(reference);
    const shopRow = d.fulfilment.sources.find((s: { name: string }) => s.name === 'shop');
    return shopRow?.state === state && d;
  });
const packageReady = (reference: string) =>
  eventually(async () => (await detail(reference)).fulfilment.package?.state === 'ready');
const draft = async (reference: string) => {
  const res = await t.app.inject({
    url: `/api/v1/staff/requests/${reference}/package`,
    headers: agent.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return unzip(res.rawPayload);
};
const dataJson = async (reference: string) =>
  JSON.parse((await draft(reference)).get('data.json')!.toString('utf8'));
const records = (reference: string) =>
  t.prisma.fulfilmentRecord.findMany({
    where: { request: { reference }, source: 'shop' },
    select: { table: true, data: true },
  });

describe('a postgres source whose database is unreachable', () => {
  it('fails for staff with source_unreachable, refuses complete, and finishes on retry once reachable', async () => {
    const r = await started('portability');
    await proxy.close();
    try {
      expect((await act(r.reference, { action: 'fulfil' })).statusCode).toBe(200);
      const failed = await shopState(r.reference, 'failed');
      const shopRow = failed.fulfilment.sources.find((s: { name: string }) => s.name === 'shop');
      expect(shopRow.lastError.code).toBe('source_unreachable');
      expect(shopRow.lastError.message).not.toContain(String(proxy.port));
      const refused = await act(r.reference, { action: 'complete', outcome: 'x' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'fulfilment_pending' });
    } finally {
      await proxy.open();
    }
    const retried = await post(`/staff/requests/${r.reference}/fulfilment/sources/shop/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await shopState(r.reference, 'done');
    await packageReady(r.reference);
    const data = await dataJson(r.reference);
    expect(data.sources.shop.customers).toEqual([{ id: 1, email, name: 'Ana Shopper' }]);
    expect(data.sources.shop.orders).toHaveLength(ORDERS);
    expect((await act(r.reference, { action: 'complete', outcome: 'Sent.' })).statusCode).toBe(200);
  });
});

describe('a connection that dies half-way through collect', () => {
  it('leaves no half-staged rows, and the next fulfil gives exactly the rows of a clean run', async () => {
    const clean = await started('portability');
    const before = proxy.received;
    expect((await act(clean.reference, { action: 'fulfil' })).statusCode).toBe(200);
    await packageReady(clean.reference);
    const cleanBytes = proxy.received - before;
    const cleanRows = await records(clean.reference);
    expect(cleanRows).toHaveLength(ORDERS + 1);

    const cut = await started('portability');
    // Well past the first record batch (500 rows), well before the end.
    proxy.cutAfter(Math.floor(cleanBytes * 0.7));
    expect((await act(cut.reference, { action: 'fulfil' })).statusCode).toBe(200);
    const failed = await shopState(cut.reference, 'failed');
    expect(failed.fulfilment.sources[0].lastError.code).toBe('source_unreachable');
    expect(await records(cut.reference)).toEqual([]);
    const listed = await t.app.inject({
      url: `/api/v1/staff/requests/${cut.reference}/package/records?source=shop&table=orders`,
      headers: agent.headers,
    });
    expect(listed.json().items).toEqual([]);
    expect((await act(cut.reference, { action: 'complete', outcome: 'x' })).json()).toMatchObject({
      code: 'fulfilment_pending',
    });

    expect((await act(cut.reference, { action: 'fulfil' })).statusCode).toBe(200);
    await packageReady(cut.reference);
    const again = await records(cut.reference);
    const ids = again.filter((row) => row.table === 'orders').map((row) => (row.data as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    const byContent = (rows: typeof again) => rows.map((row) => JSON.stringify(row)).sort();
    expect(byContent(again)).toEqual(byContent(cleanRows));
    expect((await dataJson(cut.reference)).sources).toEqual((await dataJson(clean.reference)).sources);
  });
});

describe('a manual task closed with a file on an access request', () => {
  it('puts the file in the released ZIP under attachments/<source>/<file name>', async () => {
    const r = await started('access');
    expect((await act(r.reference, { action: 'fulfil' })).statusCode).toBe(200);
    const waiting = await eventually(async () => {
      const d = await detail(r.reference);
      return d.fulfilment.tasks.length === 1 && d;
    });
    const content = Buffer.from(`scan of the paper file ${randomBytes(4).toString('hex')}\n`);
    const { 'content-type': _json, ...headers } = agent.headers;
    const closed = await request(t.app.server)
      .post(`/api/v1/staff/requests/${r.reference}/tasks/${waiting.fulfilment.tasks[0].id}`)
      .set(headers)
      .field('status', 'done')
      .field('note', 'Paper file scanned')
      .attach('file', content, { filename: 'paper-file.txt', contentType: 'text/plain' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await packageReady(r.reference);
    expect((await act(r.reference, { action: 'complete', outcome: 'Here it is.' })).statusCode).toBe(200);

    const view = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${r.accessToken}` },
    });
    const [download] = view.json().downloads as Array<{ id: string }>;
    const res = await t.app.inject({
      url: `/api/v1/downloads/${download!.id}`,
      headers: { authorization: `Bearer ${r.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    const files = await unzip(res.rawPayload);
    expect(files.get('attachments/archive/paper-file.txt')).toEqual(content);
    expect(files.get('shop/orders.csv')).toBeDefined();
  });
});
