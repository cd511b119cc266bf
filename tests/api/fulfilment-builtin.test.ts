// Access against the built-in customer area (the default data map, the portal's own database):
// the subject and a look-alike are seeded as customers; staff see one match, and the ZIP holds the
// subject's profile, orders and comments only, with the map's descriptions and retention in the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { unzip } from '../support/zip.ts';
import { fileAndVerify, seedRequest, uniqueEmail } from './staff-requests.fixtures.ts';

let t: TestApp;
let agent: StaffLogin;

beforeAll(async () => {
  t = await startTestApp();
  agent = await loginAs(t, 'agent');
});
afterAll(async () => {
  await t?.close();
});

async function customer(email: string, orders: string[], comment: string) {
  return t.prisma.customer.create({
    data: {
      email,
      fullName: 'Camille Martin',
      orders: {
        create: orders.map((number) => ({
          number,
          placedAt: new Date('2025-03-01T10:00:00Z'),
          status: 'paid',
          totalCents: 4200,
        })),
      },
      comments: { create: [{ body: comment }] },
    },
    select: { id: true },
  });
}

/** Staff's "count matches again" (runs the match in the request and answers the detail). */
const countMatches = (reference: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${reference}/fulfilment/match`,
    headers: agent.headers,
  });

const act = (reference: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${reference}/actions`,
    headers: agent.headers,
    payload,
  });
const detail = async (reference: string) =>
  (await t.app.inject({ url: `/api/v1/staff/requests/${reference}`, headers: agent.headers })).json();

describe('the built-in customer area', () => {
  it('matches the subject once and exports all and only their rows', async () => {
    const email = uniqueEmail('camille');
    const mine = await customer(email, ['A-1', 'A-2'], 'Asked for a refund');
    await customer(email.replace('camille', 'camile'), ['B-1'], 'Look-alike comment');
    const r = await fileAndVerify(t, { email, locale: 'fr' });
    expect((await act(r.reference, { action: 'start', expectedVersion: 2 })).statusCode).toBe(200);
    const matched = await eventually(async () => {
      const d = await detail(r.reference);
      return d.fulfilment.sources[0]?.matchCount !== null && d.fulfilment.sources[0];
    });
    expect(matched).toMatchObject({ name: 'customers', kind: 'postgres', matchCount: 1, state: 'pending' });
    expect((await detail(r.reference)).fulfilment.matching).toBe(false);

    expect((await act(r.reference, { action: 'fulfil', expectedVersion: 3 })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await t.prisma.package.findFirst({ where: { request: { reference: r.reference } } }))?.state ===
        'ready',
    );
    const zip = await t.app.inject({
      url: `/api/v1/staff/requests/${r.reference}/package`,
      headers: agent.headers,
    });
    const files = await unzip(zip.rawPayload);
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    const tables = data.sources.customers;
    expect(tables.customers.map((c: { id: string; email: string }) => [c.id, c.email])).toEqual([
      [mine.id, email],
    ]);
    expect(tables.orders.map((o: { number: string }) => o.number).sort()).toEqual(['A-1', 'A-2']);
    expect(tables.customer_comments.map((c: { body: string }) => c.body)).toEqual(['Asked for a refund']);
    expect(tables.consents).toEqual([]);
    expect(files.has('customers/orders.csv')).toBe(true);
    expect(JSON.stringify(data)).not.toContain('B-1');
    const report = files.get('report.html')!.toString('utf8');
    expect(report).toContain('<html lang="fr">');
    expect(report).toContain('Commandes et factures');
    expect(report).toContain('Code de commerce, art. L123-22');
    expect(report).toContain('01 53 73 22 22');

    const done = await act(r.reference, {
      action: 'complete',
      expectedVersion: 4,
      outcome: 'Voici vos données.',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().fulfilment.package).toMatchObject({ state: 'released' });
  });

  it('says matches are being counted while a started request has no count yet (the page reloads)', async () => {
    const started = await seedRequest(t, { status: 'in_progress' });
    expect((await detail(started.reference)).fulfilment).toMatchObject({ matching: true, running: false });
    const verified = await seedRequest(t, { status: 'verified' });
    expect((await detail(verified.reference)).fulfilment.matching).toBe(false);
    const recount = await countMatches(started.reference);
    expect(recount.statusCode, recount.body).toBe(200);
    expect(recount.json().fulfilment).toMatchObject({ matching: false, sources: [{ matchCount: 0 }] });

    // An identifier linked after that count makes it stale: the page reloads until it is counted again.
    // (Written directly, without the event whose background count would race this read.)
    const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference: started.reference } });
    await t.prisma.subjectIdentifier.create({
      data: { requestId: id, kind: 'email', value: 'autre@example.org' },
    });
    expect((await detail(started.reference)).fulfilment.matching).toBe(true);
    const again = await countMatches(started.reference);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().fulfilment.matching).toBe(false);
  });
});
