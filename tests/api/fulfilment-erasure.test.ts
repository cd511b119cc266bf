// Erasure end to end on real databases: the built-in customer area (demo seed, look-alikes included)
// and a PostgreSQL database of the controller's own ("shop": customers, orders within and past the
// 10-year billing retention, their order lines, a newsletter table). Proves that the dry run says
// what the run then does; that rows inside the period are kept with their basis and older ones go
// with their lines; that look-alikes are untouched; that the result reaches the subject in words;
// and that a source going down half-way leaves it untouched, a second `fulfil` then ending exactly
// as one clean run does (full table dumps compared), without running the finished source again.
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataMapSchema, type PostgresSourceConfig } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { createPostgresSource } from '../../api/src/modules/fulfilment/sources/postgres.ts';
import { DEMO_SUBJECT, LOOK_ALIKES, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/db.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { fileAndVerify, waitForMail } from './staff-requests.fixtures.ts';

const YEAR_MS = 365.25 * 86_400_000;
const BASIS = 'Code de commerce, art. L123-22';
const yearsAgo = (years: number) => new Date(Date.now() - years * YEAR_MS).toISOString().slice(0, 10);

const SHOP_SCHEMA = `
  CREATE TABLE customers (
    id int PRIMARY KEY, email text UNIQUE, full_name text NOT NULL, phone text,
    customer_no text NOT NULL UNIQUE, password_hash text, created_on date NOT NULL DEFAULT '2015-01-01');
  CREATE TABLE orders (
    id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id),
    placed_at date NOT NULL, total_cents int NOT NULL, billing_name text);
  CREATE TABLE order_lines (
    id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders(id), sku text NOT NULL, qty int NOT NULL);
  CREATE TABLE newsletter (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), topic text);`;

/** The subject (1), a look-alike address (2) and a namesake (3), each with a recent and an old order. */
function shopSeed(subject: string): string {
  const recent = yearsAgo(2);
  const old = yearsAgo(12);
  return `
  INSERT INTO customers (id, email, full_name, phone, customer_no, password_hash) VALUES
    (1, '${subject.toUpperCase()}', 'Camille Martin', '+33 6 11 22 33 44', 'C-0001', 'hash-1'),
    (2, '${LOOK_ALIKES.withoutDots}', 'Camille Martin', '+33 6 99 88 77 66', 'C-0002', 'hash-2'),
    (3, 'c.martin@example.org', 'Camille Martin', NULL, 'C-0003', 'hash-3');
  INSERT INTO orders VALUES
    (101, 1, '${recent}', 4200, 'Camille Martin'), (102, 1, '${old}', 1900, 'Camille Martin'),
    (201, 2, '${recent}', 500, 'Camille Martin'), (202, 2, '${old}', 700, 'Camille Martin'),
    (301, 3, '${old}', 900, 'Camille Martin');
  INSERT INTO order_lines VALUES
    (1001, 101, 'SKU-A', 1), (1002, 101, 'SKU-B', 2), (1003, 102, 'SKU-C', 1),
    (2001, 202, 'SKU-A', 1), (3001, 301, 'SKU-D', 3);
  INSERT INTO newsletter VALUES (1, 1, 'offers'), (2, 2, 'offers');`;
}

const shopConfig = (url: string): PostgresSourceConfig =>
  dataMapSchema.parse({
    sources: [
      {
        name: 'shop',
        kind: 'postgres',
        url,
        subject: { table: 'customers', key: 'id', email: 'email' },
        tables: {
          customers: {
            category: 'profile',
            description: { fr: 'Profil client', en: 'Customer profile' },
            fields: { password_hash: { exclude: true }, created_on: { personal: false } },
            erase: 'anonymise',
          },
          orders: {
            link: { column: 'customer_id', references: 'customers.id' },
            category: 'billing',
            description: { fr: 'Commandes', en: 'Orders' },
            retention: { years: 10, from: 'placed_at', basis: BASIS },
            erase: 'delete',
          },
          order_lines: {
            link: { column: 'order_id', references: 'orders.id' },
            category: 'billing',
            description: { fr: 'Lignes de commande', en: 'Order lines' },
            erase: 'delete',
          },
          newsletter: {
            link: { column: 'customer_id', references: 'customers.id' },
            category: 'marketing',
            erase: 'delete',
          },
        },
      },
    ],
  }).sources[0] as PostgresSourceConfig;

async function sql(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

const SHOP_TABLES = ['customers', 'orders', 'order_lines', 'newsletter'];
async function dumpShop(url: string) {
  const out: Record<string, unknown[]> = {};
  for (const table of SHOP_TABLES) {
    out[table] = await sql(url, `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY id`);
  }
  return out;
}

async function dumpBuiltin(t: TestApp) {
  const out: Record<string, unknown[]> = {};
  for (const table of ['customers', 'orders', 'consents', 'marketing_preferences', 'customer_comments']) {
    out[table] = await t.prisma.$queryRawUnsafe(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY id`);
  }
  return out;
}

let shop: TestDatabase;
let clean: TestDatabase;
let t: TestApp;
let agent: StaffLogin;

beforeAll(async () => {
  [shop, clean] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
  for (const db of [shop, clean]) await sql(db.url, SHOP_SCHEMA + shopSeed(DEMO_SUBJECT));
  const builtin = defaultDataMap(ISOLECTRA_CONTROLLER).sources;
  t = await startTestApp({
    dataMap: { sources: [...builtin, shopConfig(shop.url)] },
    // One attempt: a source that goes down shows as failed at once.
    fulfilmentRunPolicy: { retryLimit: 0, retryDelay: 1, retryBackoff: false },
  });
  await seedDemoCustomers(t.prisma);
  // An order past the billing retention, whatever dates the seed drew.
  const camille = await t.prisma.customer.findUniqueOrThrow({ where: { email: DEMO_SUBJECT } });
  await t.prisma.order.create({
    data: {
      customerId: camille.id,
      number: 'CMD-OLD-0001',
      placedAt: new Date(Date.now() - 12 * YEAR_MS),
      status: 'paid',
      totalCents: 1234,
    },
  });
  agent = await loginAs(t, 'agent');
});

afterAll(async () => {
  await t?.close();
  await Promise.all([shop?.drop(), clean?.drop()]);
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
const detail = async (reference: string) =>
  (await t.app.inject({ url: `/api/v1/staff/requests/${reference}`, headers: agent.headers })).json();
const sourceStates = async (reference: string) =>
  Object.fromEntries(
    (await detail(reference)).fulfilment.sources.map((s: { name: string; state: string }) => [
      s.name,
      s.state,
    ]),
  );
async function fulfil(reference: string) {
  const res = await act(reference, { action: 'fulfil', expectedVersion: await version(reference) });
  expect(res.statusCode, res.body).toBe(200);
}

describe('erasure', () => {
  it('a source that goes down half-way is left untouched; a second fulfil ends as one clean run', async () => {
    // The shop's database drops the connection once order lines are deleted and orders are next.
    await sql(
      shop.url,
      `CREATE FUNCTION go_down() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN OLD; END $$;
       CREATE TRIGGER go_down BEFORE DELETE ON orders FOR EACH ROW EXECUTE FUNCTION go_down();`,
    );
    const before = await dumpShop(shop.url);
    const builtinBefore = await dumpBuiltin(t);
    const r = await fileAndVerify(t, { type: 'erasure', email: DEMO_SUBJECT, locale: 'fr', details: {} });
    expect((await act(r.reference, { action: 'start', expectedVersion: 2 })).statusCode).toBe(200);

    // The dry run, before anything runs.
    const plan = await t.app.inject({
      url: `/api/v1/staff/requests/${r.reference}/fulfilment/erasure-plan`,
      headers: agent.headers,
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const planned = plan.json().sources as Array<{ name: string; what: string; tables: unknown[] }>;
    const shopPlan = planned.find((s) => s.name === 'shop');
    const until = new Date(Date.now() + 8 * YEAR_MS).toISOString().slice(0, 10);
    expect(shopPlan).toMatchObject({ what: 'rows' });
    expect(shopPlan?.tables).toEqual([
      expect.objectContaining({
        table: 'customers',
        rows: 1,
        erased: 0,
        anonymised: 1,
        kept: 0,
        basis: null,
      }),
      expect.objectContaining({ table: 'orders', rows: 2, erased: 1, anonymised: 0, kept: 1, basis: BASIS }),
      expect.objectContaining({
        table: 'order_lines',
        rows: 3,
        erased: 1,
        anonymised: 0,
        kept: 2,
        basis: BASIS,
      }),
      expect.objectContaining({ table: 'newsletter', rows: 1, erased: 1, anonymised: 0, kept: 0 }),
    ]);
    const keptUntil = (shopPlan?.tables[1] as { keptUntil?: string } | undefined)?.keptUntil ?? '';
    // Ten years from the recent order (placed two years ago): about eight years from now.
    expect(Math.abs(new Date(keptUntil).getTime() - new Date(until).getTime())).toBeLessThan(3 * 86_400_000);
    const builtinPlan = planned.find((s) => s.name === 'customers')?.tables as Array<{
      table: string;
      erased: number;
      kept: number;
    }>;
    const mine = await t.prisma.customer.findUniqueOrThrow({
      where: { email: DEMO_SUBJECT },
      include: { orders: true },
    });
    const cutoff = Date.now() - 10 * YEAR_MS;
    const recentOrders = mine.orders.filter((o) => o.placedAt.getTime() > cutoff);
    expect(recentOrders.length).toBeGreaterThan(0);
    expect(recentOrders.length).toBeLessThan(mine.orders.length);
    expect(builtinPlan.find((x) => x.table === 'orders')).toMatchObject({
      kept: recentOrders.length,
      erased: mine.orders.length - recentOrders.length,
    });

    // First run: the built-in area erases, the shop goes down mid-transaction.
    await fulfil(r.reference);
    await eventually(async () => {
      const states = await sourceStates(r.reference);
      return states.customers === 'done' && states.shop === 'failed';
    });
    expect(await dumpShop(shop.url)).toEqual(before);
    const builtinAfterFirst = await dumpBuiltin(t);
    expect(builtinAfterFirst).not.toEqual(builtinBefore);
    const failed = (await detail(r.reference)).fulfilment.sources.find(
      (s: { name: string }) => s.name === 'shop',
    );
    expect(failed.lastError.code).toBe('source_unreachable');
    // complete is refused while a source is not erased.
    const early = await act(r.reference, {
      action: 'complete',
      expectedVersion: await version(r.reference),
      outcome: 'x',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('fulfilment_pending');

    // The shop is back; a second fulfil runs only what is not done.
    await sql(shop.url, 'DROP TRIGGER go_down ON orders');
    await fulfil(r.reference);
    await eventually(async () => (await sourceStates(r.reference)).shop === 'done');
    const requested = await t.prisma.auditEvent.findMany({
      where: { request: { reference: r.reference }, type: 'fulfilment.requested' },
      orderBy: { at: 'asc' },
    });
    expect(requested.map((e) => (e.data as { sources: string[] }).sources)).toEqual([
      ['customers', 'shop'],
      ['shop'],
    ]);
    const done = await t.prisma.auditEvent.findMany({
      where: { request: { reference: r.reference }, type: 'fulfilment.source_done' },
    });
    expect(done.map((e) => (e.data as { source: string }).source).sort()).toEqual(['customers', 'shop']);
    expect(await dumpBuiltin(t)).toEqual(builtinAfterFirst);

    // One clean run of the same map on an identical copy gives the very same tables.
    const once = createPostgresSource(shopConfig(clean.url), { builtinDatabaseUrl: clean.url });
    const answer = await once.erase(
      { id: 'x', reference: 'x', type: 'erasure', details: {}, locale: 'fr' },
      { email: DEMO_SUBJECT, identifiers: [] },
      { now: new Date(), signal: new AbortController().signal },
    );
    await once.close();
    const after = await dumpShop(shop.url);
    expect(after).toEqual(await dumpShop(clean.url));

    // What the run did is what the dry run said.
    const ran = (await detail(r.reference)).fulfilment.sources.find(
      (s: { name: string }) => s.name === 'shop',
    );
    expect(ran.erasure).toEqual(shopPlan?.tables);
    expect(answer.state === 'done' && answer.erasure).toEqual(shopPlan?.tables);

    // The subject's rows: anonymised profile (NOT NULL → '', unique NOT NULL → distinct digest),
    // the recent order and its lines kept, the old order and its line and the newsletter row gone.
    const rows = (table: string) =>
      (after[table] as Array<{ row: Record<string, unknown> }>).map((r) => r.row);
    const subject = rows('customers').find((c) => c.id === 1);
    expect(subject).toMatchObject({ email: null, full_name: '', phone: null, password_hash: 'hash-1' });
    expect(subject?.customer_no).toMatch(/^[0-9a-f]{32}$/);
    expect(subject?.created_on).toBe('2015-01-01');
    expect(rows('orders').map((o) => o.id)).toEqual([101, 201, 202, 301]);
    expect(rows('order_lines').map((l) => l.id)).toEqual([1001, 1002, 2001, 3001]);
    expect(rows('newsletter').map((n) => n.id)).toEqual([2]);
    // Look-alikes: every one of their rows exactly as before.
    const others = (d: Record<string, unknown[]>) =>
      JSON.stringify(
        SHOP_TABLES.map((table) =>
          (d[table] as Array<{ row: Record<string, unknown> }>)
            .map((r) => r.row)
            .filter(
              (row) => ![1, 101, 102, 1001, 1002, 1003].includes(row.id as number) && row.customer_id !== 1,
            ),
        ),
      );
    expect(others(after)).toEqual(others(before));

    // Built-in area: the subject's profile anonymised, recent orders kept, older ones gone, look-alikes untouched.
    const erased = await t.prisma.customer.findUniqueOrThrow({
      where: { id: mine.id },
      include: { orders: true },
    });
    expect(erased).toMatchObject({ email: null, fullName: null, phone: null, postalAddress: null });
    expect(erased.orders.map((o) => o.id).sort()).toEqual(recentOrders.map((o) => o.id).sort());
    expect(await t.prisma.consent.count({ where: { customerId: mine.id } })).toBe(0);
    expect(await t.prisma.customerComment.count({ where: { customerId: mine.id } })).toBe(0);
    for (const email of [LOOK_ALIKES.withoutDots, LOOK_ALIKES.plusTag, LOOK_ALIKES.sameNameOtherAddress]) {
      const other = await t.prisma.customer.findUniqueOrThrow({ where: { email } });
      const was = (builtinBefore.customers as Array<{ row: { id: string } }>).find(
        (c) => c.row.id === other.id,
      );
      expect(was).toBeDefined();
      const now = (await dumpBuiltin(t)).customers as Array<{ row: { id: string } }>;
      expect(now.find((c) => c.row.id === other.id)).toEqual(was);
    }

    // Completed: the subject reads, in French, what was erased and what was kept, until when and why.
    const completed = await act(r.reference, {
      action: 'complete',
      expectedVersion: await version(r.reference),
      outcome: 'Vos données ont été effacées, sauf ce que la loi nous oblige à garder.',
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const view = (
      await t.app.inject({
        url: '/api/v1/requests/me',
        headers: { authorization: `Bearer ${r.accessToken}` },
      })
    ).json();
    expect(view.erasure.retained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'shop', table: 'orders', rows: 1, action: 'kept', basis: BASIS }),
        expect.objectContaining({
          source: 'shop',
          table: 'order_lines',
          rows: 2,
          action: 'kept',
          basis: BASIS,
        }),
      ]),
    );
    const kept = view.erasure.retained.find(
      (i: { table: string; source: string }) => i.source === 'shop' && i.table === 'orders',
    );
    expect(kept.message).toContain('Commandes\u202f: 1 enregistrement conservé jusqu’au');
    expect(kept.message).toContain(BASIS);
    expect(view.erasure.erased).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'shop', table: 'customers', action: 'anonymised', rows: 1 }),
        expect.objectContaining({ source: 'shop', table: 'newsletter', action: 'deleted', rows: 1 }),
      ]),
    );
    const mail = await waitForMail(
      t,
      DEMO_SUBJECT,
      (m) => m.subject.includes('traitée') && m.text.includes(r.reference),
    );
    expect(mail.text).toContain('Données conservées, et pourquoi');
    expect(mail.text).toContain(BASIS);
    expect(mail.text).toContain('Lignes de commande\u202f: 2 enregistrements conservés');
  });
});
