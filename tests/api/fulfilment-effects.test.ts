// Rights that change the controller's data: rectification per correction, restriction and its lifting,
// objection, consent withdrawal and GPC. One portal with three sources: a PostgreSQL database of the
// controller's own (schema "shop", nothing like the built-in area), the built-in customer area (the
// default map's source, seeded with the demo customers and their look-alikes), and a webhook "crm".
// Each test checks the rows a user of those systems would see, the look-alikes untouched.
import { randomBytes } from 'node:crypto';
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analysisPopulation,
  isRestricted,
  marketingAudience,
} from '../../api/src/modules/customer-area/audiences.ts';
import { derivedId } from '../../api/src/modules/events/events.queues.ts';
import { dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { unixSeconds, verifySignature } from '../../api/src/modules/fulfilment/signature.ts';
import { DEMO_SUBJECT, LOOK_ALIKES, seedDemoCustomers } from '../../scripts/demo-customers.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/db.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { waitForMail } from './staff-requests.fixtures.ts';

const TOKEN_IN_LINK = /\/verify#token=([A-Za-z0-9_-]{43})/;
const SUBJECT = DEMO_SUBJECT;
const OTHERS = [LOOK_ALIKES.withoutDots, LOOK_ALIKES.plusTag, LOOK_ALIKES.sameNameOtherAddress];

let shop: TestDatabase;
let shopDb: pg.Pool;
let receiver: WebhookReceiver;
let t: TestApp;
let agent: StaffLogin;
let ip = 0;
const crmSecret = `whsec_${randomBytes(16).toString('hex')}`;

const shopRows = async (sql: string, params: unknown[] = []) => (await shopDb.query(sql, params)).rows;

beforeAll(async () => {
  shop = await createEmptyDatabase();
  shopDb = new pg.Pool({ connectionString: shop.url, max: 2 });
  await shopDb.query(`
    CREATE SCHEMA shop;
    CREATE TABLE shop.clients (client_no serial PRIMARY KEY, mail text NOT NULL, full_name text,
      phone text, marketing_ok boolean NOT NULL DEFAULT true, restricted boolean NOT NULL DEFAULT false);
    CREATE TABLE shop.consent_log (id serial PRIMARY KEY, client_no integer NOT NULL REFERENCES shop.clients,
      purpose text NOT NULL, granted boolean NOT NULL, origin text NOT NULL, at timestamptz NOT NULL);`);
  for (const mail of [SUBJECT, ...OTHERS]) {
    const [row] = await shopRows(
      `INSERT INTO shop.clients (mail, full_name, phone) VALUES ($1, 'Camille Martin', '+33 1 23 45 67 89') RETURNING client_no`,
      [mail],
    );
    await shopRows(
      `INSERT INTO shop.consent_log (client_no, purpose, granted, origin, at) VALUES ($1, 'newsletter', true, 'signup', now())`,
      [row.client_no],
    );
  }
  receiver = await startWebhookReceiver();
  receiver.answer = () => ({ status: 200, body: {} });
  const consent = (purpose: string) => ({
    table: 'consent_log',
    // The map's placeholders, filled in when the effect is applied (not template literals).
    set: { purpose, granted: false, origin: `dsr:${'$'}{reference}`, at: `${'$'}{now}` },
    insert: true,
  });
  const builtin = defaultDataMap(ISOLECTRA_CONTROLLER).sources[0];
  const dataMap = dataMapSchema.parse({
    sources: [
      {
        name: 'shop',
        kind: 'postgres',
        url: shop.url,
        schema: 'shop',
        subject: { table: 'clients', key: 'client_no', email: 'mail' },
        tables: {
          clients: {
            category: 'profile',
            fields: {
              full_name: { rectify: true, label: { fr: 'Nom complet', en: 'Full name' } },
              phone: { rectify: true, label: { fr: 'Téléphone', en: 'Phone' } },
            },
          },
          consent_log: {
            link: { column: 'client_no', references: 'clients.client_no' },
            category: 'consent',
          },
        },
        effects: {
          restriction: { table: 'clients', set: { restricted: true } },
          objection: { direct_marketing: { table: 'clients', set: { marketing_ok: false } } },
          consent_withdrawal: {
            newsletter: consent('newsletter'),
            advertising_cookies: consent('advertising_cookies'),
          },
        },
      },
      builtin,
      {
        name: 'crm',
        kind: 'webhook',
        url: receiver.url,
        secret: crmSecret,
        types: ['rectification', 'restriction', 'objection', 'consent_withdrawal'],
        timeoutSeconds: 5,
      },
    ],
  });
  t = await startTestApp({ dataMap, webhookPolicy: { retryLimit: 0, retryDelay: 1, retryBackoff: false } });
  await seedDemoCustomers(t.prisma);
  agent = await loginAs(t, 'agent');
});

afterAll(async () => {
  await t?.close();
  await receiver?.stop();
  await shopDb?.end();
  await shop?.drop();
});

async function file(
  type: string,
  details: Record<string, unknown>,
  options: { gpc?: boolean; email?: string; locale?: 'fr' | 'en' } = {},
): Promise<{ reference: string; accessToken: string }> {
  ip += 1;
  const email = options.email ?? SUBJECT;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: `10.88.0.${ip}`,
    headers: options.gpc ? { 'sec-gpc': '1' } : {},
    payload: { type, email, fullName: 'Camille Martin', locale: options.locale ?? 'en', details },
  });
  expect(res.statusCode, res.body).toBe(202);
  const { reference } = res.json() as { reference: string };
  const mail = await waitForMail(t, email, (m) => m.text.includes(reference) && TOKEN_IN_LINK.test(m.text));
  const token = TOKEN_IN_LINK.exec(mail.text)![1]!;
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: `10.88.1.${ip}`,
    payload: { token },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  return { reference, accessToken: (verified.json() as { accessToken: string }).accessToken };
}

const version = async (reference: string) =>
  (await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { version: true } })).version;
const act = async (reference: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${reference}/actions`,
    headers: agent.headers,
    payload: { expectedVersion: await version(reference), ...payload },
  });
const ok = async (reference: string, payload: Record<string, unknown>) => {
  const res = await act(reference, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res;
};
const request = (reference: string) =>
  t.prisma.request.findUniqueOrThrow({
    where: { reference },
    select: { id: true, status: true, outcome: true, outcomeData: true },
  });
const audit = async (reference: string) =>
  t.prisma.auditEvent.findMany({
    where: { request: { reference } },
    orderBy: { id: 'asc' },
    select: { id: true, type: true, actorType: true, data: true, at: true },
  });
const sourcesDone = (reference: string, count: number) =>
  eventually(async () => {
    const rows = await t.prisma.fulfilmentSource.findMany({ where: { request: { reference } } });
    return rows.length === count && rows.every((r) => r.state === 'done') && rows;
  });
const deliveriesOf = (reference: string) =>
  receiver.calls
    .map((c) => JSON.parse(c.raw) as { event: string; reference: string })
    .filter((b) => b.reference === reference);
const mailsAbout = (reference: string, to = SUBJECT) =>
  t.smtp.messages.filter((m) => m.to.includes(to) && m.subject.includes(reference));
/** Waits until the reaction's job for this audit event ran (pg-boss job or archive, completed). */
const reactionFinished = (eventId: bigint | number | string, reaction: string) =>
  eventually(async () => {
    const rows = await t.prisma.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text FROM pgboss.job WHERE id = $1::uuid
        UNION ALL SELECT state::text FROM pgboss.archive WHERE id = $1::uuid`,
      derivedId(String(eventId), reaction),
    );
    return rows.some((r) => r.state === 'completed');
  });
const customer = (email: string) => t.prisma.customer.findUniqueOrThrow({ where: { email } });

describe('consent withdrawal and direct-marketing objection: applied at verification, completed by nobody', () => {
  it('withdraws each purpose in every source, records the history, and completes by itself', async () => {
    const { reference, accessToken } = await file('consent_withdrawal', {
      purposes: ['newsletter', 'advertising_cookies'],
    });
    const done = await eventually(async () => {
      const r = await request(reference);
      return r.status === 'completed' && r;
    });
    // The shop's consent log: one row per purpose for the subject, from this request; nobody else's.
    const rows = await shopRows(
      `SELECT c.mail, l.purpose, l.granted FROM shop.consent_log l JOIN shop.clients c USING (client_no)
        WHERE l.origin = $1 ORDER BY l.purpose`,
      [`dsr:${reference}`],
    );
    expect(rows).toEqual([
      { mail: SUBJECT, purpose: 'advertising_cookies', granted: false },
      { mail: SUBJECT, purpose: 'newsletter', granted: false },
    ]);
    // The built-in area's consent history: one row per purpose with source dsr:<reference>.
    const me = await customer(SUBJECT);
    const history = await t.prisma.consent.findMany({
      where: { source: `dsr:${reference}` },
      select: { customerId: true, purpose: true, granted: true },
      orderBy: { purpose: 'asc' },
    });
    // In the enum's order (the column is an enum).
    expect(history).toEqual([
      { customerId: me.id, purpose: 'newsletter', granted: false },
      { customerId: me.id, purpose: 'advertising_cookies', granted: false },
    ]);
    // The webhook system was told.
    expect(deliveriesOf(reference).map((d) => d.event)).toEqual(['dsr.consent_withdrawal']);
    // Completed by the system, audited, with an outcome saying what changed.
    const trail = await audit(reference);
    const completed = trail.find((e) => e.type === 'request.completed');
    expect(completed?.actorType).toBe('system');
    expect(done.outcome).toContain('Consent withdrawn for: newsletter, advertising cookies.');
    // The first mail after verification (the receipt) says it is done and lists what changed; the
    // completion sends nothing of its own once its reaction ran: one mail, never "acknowledged"
    // followed by "completed".
    const mail = await waitForMail(t, SUBJECT, (m) => m.subject.includes(`${reference} confirmed`));
    expect(mail.subject).toBe(`Request ${reference} confirmed and applied`);
    expect(mail.text).toContain('Consent withdrawn for: newsletter, advertising cookies.');
    expect(mail.text).toMatch(/Applied in: (customers, shop|shop, customers)\./);
    await reactionFinished(completed!.id, 'subject-mails');
    expect(mailsAbout(reference).map((m) => m.subject)).toEqual([
      `Confirm your request ${reference}`,
      `Request ${reference} confirmed and applied`,
    ]);
    const view = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(view.json().outcome).toEqual({ type: 'completed', summary: done.outcome });
  });

  it('stays open for staff when a source fails at verification, shows why, and completes once a retry applies it', async () => {
    const email = LOOK_ALIKES.withoutDots;
    // The CRM is down (503) for this request's delivery; it answers again after the retry.
    let crmDown = true;
    receiver.answer = (call) => {
      const body = JSON.parse(call.raw) as { type?: string };
      return crmDown && body.type === 'consent_withdrawal' ? { status: 503 } : { status: 200, body: {} };
    };
    try {
      const { reference } = await file('consent_withdrawal', { purposes: ['newsletter'] }, { email });
      await eventually(async () => {
        const rows = await t.prisma.fulfilmentSource.findMany({ where: { request: { reference } } });
        return rows.length === 3 && rows.some((r) => r.state === 'failed') && rows;
      });
      // The postgres sources applied it; the request waits for staff, the receipt says so.
      expect((await request(reference)).status).toBe('verified');
      const shopRow = await shopRows(
        `SELECT l.granted FROM shop.consent_log l JOIN shop.clients c USING (client_no)
          WHERE c.mail = $1 AND l.origin = $2`,
        [email, `dsr:${reference}`],
      );
      expect(shopRow).toEqual([{ granted: false }]);
      const receipt = await waitForMail(t, email, (m) => m.subject.includes(`${reference} confirmed`));
      expect(receipt.subject).toBe(`Request ${reference} confirmed`);
      expect(receipt.text).toContain('It takes effect at once');
      // Staff see the failed source with its error; the audit trail has the failure.
      const staffView = await t.app.inject({
        url: `/api/v1/staff/requests/${reference}`,
        headers: agent.headers,
      });
      const crm = staffView.json().fulfilment.sources.find((s: { name: string }) => s.name === 'crm');
      expect(crm).toMatchObject({
        state: 'failed',
        lastError: { code: 'source_unavailable', message: 'HTTP 503' },
      });
      const failed = (await audit(reference)).filter((e) => e.type === 'fulfilment.source_failed');
      expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ source: 'crm' })]);

      // The CRM is back: staff retry the source, it is told, and the request completes by itself.
      crmDown = false;
      const retry = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/requests/${reference}/fulfilment/sources/crm/retry`,
        headers: agent.headers,
      });
      expect(retry.statusCode, retry.body).toBe(200);
      const done = await eventually(async () => {
        const r = await request(reference);
        return r.status === 'completed' && r;
      });
      expect(done.outcome).toContain('Consent withdrawn for: newsletter.');
      const trail = await audit(reference);
      expect(trail.find((e) => e.type === 'request.completed')?.actorType).toBe('system');
      // The receipt went out "acknowledged", so the completion mail says what changed.
      const completion = await waitForMail(t, email, (m) => m.subject.includes(`${reference} completed`));
      expect(completion.text).toContain('Consent withdrawn for: newsletter.');
    } finally {
      receiver.answer = () => ({ status: 200, body: {} });
    }
  });

  it('opts the subject out of direct marketing everywhere at verification, and leaves the look-alikes in', async () => {
    const { reference } = await file('objection', { purposes: ['direct_marketing'] });
    await eventually(async () => (await request(reference)).status === 'completed');
    const shopFlags = await shopRows('SELECT mail, marketing_ok FROM shop.clients ORDER BY mail');
    for (const row of shopFlags) expect(row.marketing_ok, row.mail).toBe(row.mail !== SUBJECT);
    const me = await customer(SUBJECT);
    const pref = await t.prisma.marketingPreference.findUniqueOrThrow({
      where: { customerId_purpose: { customerId: me.id, purpose: 'direct_marketing' } },
    });
    expect(pref).toMatchObject({ optedOut: true, source: `dsr:${reference}` });
    // The marketing query leaves the subject out, and only them.
    const audience = (await marketingAudience(t.prisma)).map((m) => m.email);
    expect(audience).not.toContain(SUBJECT);
    expect(audience.length).toBeGreaterThan(0);
  });

  it('applies direct marketing at once, leaves the other purposes to staff, who decide each: applied, or refused with the grounds the subject reads', async () => {
    const { reference, accessToken } = await file(
      'objection',
      {
        purposes: ['direct_marketing', 'customer_analysis', 'personalized_offers'],
        grounds: 'I do not want to be profiled.',
      },
      { email: LOOK_ALIKES.plusTag },
    );
    const other = await customer(LOOK_ALIKES.plusTag);
    const optedOut = async (purpose: 'direct_marketing' | 'personalized_offers' | 'customer_analysis') =>
      (
        await t.prisma.marketingPreference.findUnique({
          where: { customerId_purpose: { customerId: other.id, purpose } },
        })
      )?.optedOut === true;
    await eventually(async () => await optedOut('direct_marketing'));
    await sourcesDone(reference, 3);
    // Not completed by itself, and the other purposes wait for staff.
    expect((await request(reference)).status).toBe('verified');
    expect(await optedOut('personalized_offers')).toBe(false);
    expect(await analysisPopulation(t.prisma)).toContain(other.id);
    await ok(reference, { action: 'start' });
    // One decision per purpose other than direct marketing, which cannot be refused; a refusal
    // needs the compelling legitimate grounds.
    const refuseDm = await act(reference, {
      action: 'fulfil',
      decisions: [
        { purpose: 'direct_marketing', accept: false, reason: 'No.' },
        { purpose: 'customer_analysis', accept: true },
        { purpose: 'personalized_offers', accept: true },
      ],
    });
    expect([refuseDm.statusCode, refuseDm.json().code]).toEqual([422, 'decisions_invalid']);
    const missing = await act(reference, {
      action: 'fulfil',
      decisions: [{ purpose: 'customer_analysis', accept: true }],
    });
    expect([missing.statusCode, missing.json().code]).toEqual([422, 'decisions_invalid']);
    const noGrounds = await act(reference, {
      action: 'fulfil',
      decisions: [
        { purpose: 'customer_analysis', accept: false },
        { purpose: 'personalized_offers', accept: true },
      ],
    });
    expect(noGrounds.statusCode).toBe(400);
    const grounds = 'We analyse purchases to detect payment fraud, which protects every customer.';
    const fulfilled = await act(reference, {
      action: 'fulfil',
      decisions: [
        { purpose: 'customer_analysis', accept: false, reason: grounds },
        { purpose: 'personalized_offers', accept: true },
      ],
    });
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    await eventually(async () => await optedOut('personalized_offers'));
    await sourcesDone(reference, 3);
    // The refused purpose is not applied: the subject stays in the analysis population.
    expect(await optedOut('customer_analysis')).toBe(false);
    expect(await analysisPopulation(t.prisma)).toContain(other.id);
    const trail = await audit(reference);
    expect(trail.filter((e) => e.type === 'fulfilment.requested').at(-1)?.data).toMatchObject({
      acceptedPurposes: ['personalized_offers'],
      refusedPurposes: ['customer_analysis'],
    });
    const completed = await act(reference, { action: 'complete', outcome: 'Objection decided.' });
    expect(completed.statusCode, completed.body).toBe(200);
    // The subject sees each decision, the refusal with its grounds, on the status page and in the mail.
    const view = (
      await t.app.inject({ url: '/api/v1/requests/me', headers: { authorization: `Bearer ${accessToken}` } })
    ).json();
    expect(view.objections).toEqual([
      { purpose: 'customer_analysis', label: 'customer analysis', decision: 'refused', reason: grounds },
      { purpose: 'personalized_offers', label: 'personalised offers', decision: 'accepted', reason: null },
    ]);
    const mail = await waitForMail(t, LOOK_ALIKES.plusTag, (m) =>
      m.subject.includes(`${reference} completed`),
    );
    expect(mail.text).toContain(
      `Objection to customer analysis: refused. Compelling legitimate grounds: ${grounds}`,
    );
    expect(mail.text).toContain(
      'Objection to personalised offers: accepted, we have stopped this processing.',
    );
  });
});

describe('restriction', () => {
  it('restricts the subject in every source, the marketing query honours it, and it is lifted only after the mail', async () => {
    const email = LOOK_ALIKES.withoutDots;
    const { reference } = await file('restriction', { ground: 'accuracy_contested' }, { email });
    await ok(reference, { action: 'start' });
    await ok(reference, { action: 'fulfil' });
    await sourcesDone(reference, 3);
    const flags = await shopRows('SELECT mail, restricted FROM shop.clients ORDER BY mail');
    for (const row of flags) expect(row.restricted, row.mail).toBe(row.mail === email);
    expect((await customer(email)).restrictedAt).not.toBeNull();
    expect((await customer(SUBJECT)).restrictedAt).toBeNull();
    expect(await isRestricted(t.prisma, email.toUpperCase())).toBe(true);
    expect((await marketingAudience(t.prisma)).map((m) => m.email)).not.toContain(email);
    expect(await analysisPopulation(t.prisma)).not.toContain((await customer(email)).id);
    expect(deliveriesOf(reference).map((d) => d.event)).toEqual(['dsr.restriction']);
    await ok(reference, { action: 'complete', outcome: 'Restricted.' });

    // Lifting needs a reason, and only a completed restriction can be lifted.
    expect((await act(reference, { action: 'lift_restriction' })).statusCode).toBe(400);
    const lift = await act(reference, {
      action: 'lift_restriction',
      reason: 'Accuracy verified with your bank.',
    });
    expect(lift.statusCode, lift.body).toBe(200);
    const mail = await waitForMail(t, email, (m) => m.subject.includes('restriction to be lifted'));
    expect(mail.text).toContain('Accuracy verified with your bank.');
    await eventually(async () => (await customer(email)).restrictedAt === null);
    await eventually(
      async () =>
        (await shopRows('SELECT restricted FROM shop.clients WHERE mail = $1', [email]))[0]?.restricted ===
        false,
    );
    await eventually(async () => deliveriesOf(reference).some((d) => d.event === 'dsr.restriction_lifted'));
    expect(await isRestricted(t.prisma, email)).toBe(false);
    // Both steps audited, the lift recorded after the decision, in the transaction that queued the mail.
    const trail = await audit(reference);
    const requested = trail.findIndex((e) => e.type === 'restriction.lift_requested');
    const lifted = trail.findIndex((e) => e.type === 'restriction.lifted');
    expect(requested).toBeGreaterThan(-1);
    expect(lifted).toBeGreaterThan(requested);
    // The mail job the restriction-lift reaction queued for the decision exists, created no later
    // than the `restriction.lifted` event (same transaction).
    const decision = trail[requested]!;
    const jobId = derivedId(String(decision.id), 'restriction-lift', 'subject');
    const [mailJob] = await t.prisma.$queryRawUnsafe<Array<{ created_on: Date }>>(
      `SELECT created_on FROM pgboss.job WHERE id = $1::uuid
        UNION ALL SELECT created_on FROM pgboss.archive WHERE id = $1::uuid`,
      jobId,
    );
    expect(mailJob, 'the lift mail was queued').toBeDefined();
    expect(mailJob!.created_on.getTime()).toBeLessThanOrEqual(trail[lifted]!.at.getTime() + 1);
    // A second lift is refused.
    expect((await act(reference, { action: 'lift_restriction', reason: 'again' })).statusCode).toBe(422);
  });
});

describe('rectification', () => {
  it('shows each correction beside the current value, applies the accepted ones only, and the subject sees each decision', async () => {
    const email = LOOK_ALIKES.sameNameOtherAddress;
    const fields = await t.app.inject({ url: '/api/v1/rectification/fields' });
    expect(fields.json().fields).toEqual(
      expect.arrayContaining([
        { field: 'full_name', label: { fr: 'Nom complet', en: 'Full name' } },
        { field: 'fullName', label: { fr: 'Nom', en: 'Name' } },
        { field: 'phone', label: { fr: 'Téléphone', en: 'Phone' } },
      ]),
    );
    const { reference, accessToken } = await file(
      'rectification',
      {
        corrections: [
          { field: 'full_name', correctedValue: 'Camille Martin-Durand' },
          { field: 'phone', currentValue: '+33 1 23 45 67 89', correctedValue: '+33 6 00 00 00 00' },
          { field: 'other', correctedValue: 'My loyalty card number is wrong.' },
        ],
      },
      { email },
    );
    await ok(reference, { action: 'start' });
    const review = await t.app.inject({
      url: `/api/v1/staff/requests/${reference}/rectification?locale=en`,
      headers: agent.headers,
    });
    expect(review.statusCode, review.body).toBe(200);
    const [name, phone, other] = review.json().corrections;
    expect(name).toMatchObject({
      label: 'Full name',
      correctedValue: 'Camille Martin-Durand',
      automatic: true,
    });
    expect(name.current).toEqual([{ source: 'shop', values: ['Camille Martin'] }]);
    expect(phone.current).toEqual([
      { source: 'shop', values: ['+33 1 23 45 67 89'] },
      { source: 'customers', values: [expect.any(String)] },
    ]);
    expect(other).toMatchObject({ field: 'other', automatic: false, current: [] });

    // Every correction needs a decision, and a refusal its reason.
    expect((await act(reference, { action: 'fulfil' })).statusCode).toBe(422);
    expect(
      (await act(reference, { action: 'fulfil', decisions: [{ index: 0, accept: false }] })).statusCode,
    ).toBe(400);
    const partial = await act(reference, { action: 'fulfil', decisions: [{ index: 0, accept: true }] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().code).toBe('decisions_invalid');
    const customersPhoneBefore = (await customer(email)).phone;
    const fulfilled = await act(reference, {
      action: 'fulfil',
      decisions: [
        { index: 0, accept: true },
        { index: 1, accept: false, reason: 'This number is the one on your signed contract.' },
        { index: 2, accept: true },
      ],
    });
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    await sourcesDone(reference, 3);
    const shopNow = await shopRows('SELECT mail, full_name, phone FROM shop.clients ORDER BY mail');
    for (const row of shopNow) {
      expect(row.full_name, row.mail).toBe(row.mail === email ? 'Camille Martin-Durand' : 'Camille Martin');
      expect(row.phone, row.mail).toBe('+33 1 23 45 67 89');
    }
    expect((await customer(email)).phone).toBe(customersPhoneBefore);
    expect(deliveriesOf(reference).map((d) => d.event)).toEqual(['dsr.rectification']);
    expect(
      (await act(reference, { action: 'complete', outcome: 'Your name was corrected.' })).statusCode,
    ).toBe(200);

    const view = (
      await t.app.inject({ url: '/api/v1/requests/me', headers: { authorization: `Bearer ${accessToken}` } })
    ).json();
    expect(view.corrections).toEqual([
      {
        index: 0,
        field: 'full_name',
        label: 'Full name',
        correctedValue: 'Camille Martin-Durand',
        decision: 'accepted',
        reason: null,
      },
      {
        index: 1,
        field: 'phone',
        label: 'Phone',
        correctedValue: '+33 6 00 00 00 00',
        decision: 'refused',
        reason: 'This number is the one on your signed contract.',
      },
      {
        index: 2,
        field: 'other',
        label: null,
        correctedValue: 'My loyalty card number is wrong.',
        decision: 'accepted',
        reason: null,
      },
    ]);
    const mail = await waitForMail(t, email, (m) => m.subject.includes(`${reference} completed`));
    expect(mail.text).toContain('Full name ("Camille Martin-Durand"): corrected.');
    expect(mail.text).toContain(
      'correction refused. Reason: This number is the one on your signed contract.',
    );
  });
});

describe('Global Privacy Control', () => {
  it('applies the direct-marketing objection and withdraws advertising cookies for the identified subject', async () => {
    const email = 'chloe.moreau@example.com';
    const { reference } = await file('access', {}, { gpc: true, email });
    const me = await t.prisma.customer.findFirstOrThrow({ where: { email } });
    await eventually(
      async () =>
        (await t.prisma.consent.findFirst({
          where: {
            customerId: me.id,
            purpose: 'advertising_cookies',
            granted: false,
            source: `dsr:${reference}`,
          },
        })) ?? false,
    );
    const pref = await t.prisma.marketingPreference.findUniqueOrThrow({
      where: { customerId_purpose: { customerId: me.id, purpose: 'direct_marketing' } },
    });
    expect(pref.optedOut).toBe(true);
    await eventually(async () => (await audit(reference)).some((e) => e.type === 'effects.gpc_applied'));
    const trail = await audit(reference);
    expect(trail.filter((e) => e.type === 'effects.gpc_applied')).toHaveLength(1);
    // The access request itself is untouched: still waiting for staff.
    expect((await request(reference)).status).toBe('verified');
    // The webhook source receives both effects like explicit requests, signed, once each.
    await eventually(
      async () => (await audit(reference)).filter((e) => e.type === 'effects.gpc_delivered').length === 2,
    );
    const told = receiver.calls
      .map((c) => ({ body: JSON.parse(c.raw), raw: c.raw, signature: String(c.headers['x-dsr-signature']) }))
      .filter((c) => c.body.reference === reference)
      .sort((a, b) => a.body.event.localeCompare(b.body.event));
    expect(
      told.map((c) => [c.body.event, c.body.type, c.body.details, c.body.gpc, c.body.subject.email]),
    ).toEqual([
      ['dsr.consent_withdrawal', 'consent_withdrawal', { purposes: ['advertising_cookies'] }, true, email],
      ['dsr.objection', 'objection', { purposes: ['direct_marketing'] }, true, email],
    ]);
    for (const c of told) {
      expect(verifySignature(crmSecret, c.raw, c.signature, unixSeconds(new Date())).ok).toBe(true);
    }

    // Without the signal nothing changes.
    const plain = await file('access', {}, { email: 'theo.girard@example.com' });
    const you = await t.prisma.customer.findFirstOrThrow({ where: { email: 'theo.girard@example.com' } });
    await eventually(async () => (await audit(plain.reference)).some((e) => e.type === 'request.verified'));
    expect(
      await t.prisma.consent.count({ where: { customerId: you.id, source: `dsr:${plain.reference}` } }),
    ).toBe(0);
    expect(deliveriesOf(plain.reference)).toEqual([]);
    const gpc = await t.app.inject({ url: '/.well-known/gpc.json' });
    expect(gpc.json()).toMatchObject({ gpc: true });
  });
});
