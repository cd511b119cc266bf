// The postgres source on real databases: the built-in customer area filled by the demo seed (look-alikes
// included), and an external database whose schema looks nothing like it. Proves that the subject's
// rows, and only theirs, reach the sink from every table; that matching is case-insensitive and
// nothing more; that excluded columns are never read; and that values are always parameters.
import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../api/src/db/client.ts';
import { dataMapSchema, type PostgresSourceConfig } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { createSources } from '../../api/src/modules/fulfilment/sources/index.ts';
import {
  CURSOR_BATCH,
  createPostgresSource,
  type PostgresSource,
} from '../../api/src/modules/fulfilment/sources/postgres.ts';
import {
  SourceError,
  type SourceRequest,
  type SubjectIdentity,
} from '../../api/src/modules/fulfilment/sources/source.ts';
import {
  DEMO_CUSTOMERS,
  DEMO_SUBJECT,
  LOOK_ALIKES,
  seedDemoCustomers,
} from '../../scripts/demo-customers.ts';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';

const ctx = () => ({ now: new Date(), signal: new AbortController().signal });
const request: SourceRequest = {
  id: 'r1',
  reference: 'DSR-2026-000001',
  type: 'access',
  details: {},
  locale: 'fr',
};
const subject = (email: string, identifiers: SubjectIdentity['identifiers'] = []): SubjectIdentity => ({
  email,
  identifiers,
});

type Rows = Record<string, Array<Record<string, unknown>>>;
async function collect(
  source: PostgresSource,
  who: SubjectIdentity,
  onRow?: (table: string) => Promise<void>,
) {
  const rows: Rows = {};
  const answer = await source.collect(
    request,
    who,
    {
      async row(table, row) {
        await onRow?.(table);
        const list = rows[table] ?? [];
        list.push(row);
        rows[table] = list;
      },
    },
    ctx(),
  );
  return { answer, rows };
}

const builtinConfig = () => defaultDataMap(ISOLECTRA_CONTROLLER).sources[0] as PostgresSourceConfig;

let db: TestDatabase;
let prisma: PrismaClient;
let builtin: PostgresSource;
const opened: PostgresSource[] = [];
const open = (config: PostgresSourceConfig) => {
  const source = createPostgresSource(config, { builtinDatabaseUrl: db.url });
  opened.push(source);
  return source;
};

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { poolSize: 2 });
  await seedDemoCustomers(prisma);
  builtin = open(builtinConfig());
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await prisma?.$disconnect();
  await db?.drop();
});

describe('built-in customer area (default map)', () => {
  it('fits the portal database', async () => {
    expect(await builtin.check()).toEqual([]);
  });

  it('matches the subject by e-mail regardless of case, and no look-alike', async () => {
    const a = await prisma.customer.findUniqueOrThrow({ where: { email: DEMO_SUBJECT } });
    const exact = await builtin.match(subject(DEMO_SUBJECT), ctx());
    expect(exact).toEqual({ count: 1, matches: [{ key: a.id, matchedOn: 'email' }] });
    expect(await builtin.match(subject('Camille.MARTIN@Example.COM'), ctx())).toEqual(exact);
    // Dots and +tags are not folded: those are other people's addresses.
    for (const email of [LOOK_ALIKES.withoutDots, LOOK_ALIKES.plusTag, LOOK_ALIKES.sameNameOtherAddress]) {
      const other = await builtin.match(subject(email), ctx());
      expect(other.count).toBe(1);
      expect(other.matches[0]?.key).not.toBe(a.id);
    }
    // Two accounts whose addresses differ only by case are both shown, never merged.
    expect((await builtin.match(subject(LOOK_ALIKES.caseOnly[0]), ctx())).count).toBe(2);
    expect(await builtin.match(subject('nobody@example.com'), ctx())).toEqual({ count: 0, matches: [] });
  });

  it("collects all and only the subject's rows from every table", async () => {
    const a = await prisma.customer.findUniqueOrThrow({ where: { email: DEMO_SUBJECT } });
    const others = await prisma.customer.findMany({ where: { id: { not: a.id } } });
    expect(others.map((o) => o.email)).toEqual(
      expect.arrayContaining([
        LOOK_ALIKES.withoutDots,
        LOOK_ALIKES.plusTag,
        LOOK_ALIKES.sameNameOtherAddress,
      ]),
    );
    const { answer, rows } = await collect(builtin, subject('CAMILLE.martin@example.com'));

    const expected = {
      orders: await prisma.order.findMany({ where: { customerId: a.id } }),
      consents: await prisma.consent.findMany({ where: { customerId: a.id } }),
      marketing_preferences: await prisma.marketingPreference.findMany({ where: { customerId: a.id } }),
      customer_comments: await prisma.customerComment.findMany({ where: { customerId: a.id } }),
    };
    expect(rows.customers).toEqual([
      expect.objectContaining({ id: a.id, email: DEMO_SUBJECT, fullName: 'Camille Martin' }),
    ]);
    for (const [table, mine] of Object.entries(expected)) {
      expect(mine.length, table).toBeGreaterThan(0);
      const got = rows[table] ?? [];
      expect(got.map((r) => r.id).sort(), table).toEqual(mine.map((r) => r.id).sort());
      expect(new Set(got.map((r) => r.customerId)), table).toEqual(new Set([a.id]));
    }
    expect(answer).toEqual({
      state: 'done',
      tables: {
        customers: { rows: 1, category: 'profile' },
        orders: { rows: expected.orders.length, category: 'billing' },
        consents: { rows: expected.consents.length, category: 'consent' },
        marketing_preferences: { rows: expected.marketing_preferences.length, category: 'marketing' },
        customer_comments: { rows: expected.customer_comments.length, category: 'support' },
      },
    });
    // Nothing of the look-alikes leaks in: neither their keys nor their addresses or phones.
    const dump = JSON.stringify(rows);
    for (const other of others) {
      expect(dump).not.toContain(other.id);
      expect(dump).not.toContain(other.postalAddress);
      expect(dump).not.toContain(`"${other.email}"`);
    }
    // Values as JSON holds them: instants as ISO text, the order lines as JSON.
    const order = rows.orders?.[0];
    expect(order?.placedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(order?.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ sku: expect.any(String) })]),
    );
  });

  it('collects every match when the addresses differ only by case', async () => {
    const { answer, rows } = await collect(builtin, subject(LOOK_ALIKES.caseOnly[0]));
    expect(answer.state === 'done' && answer.tables.customers?.rows).toBe(2);
    expect(rows.customers?.map((r) => r.email).sort()).toEqual([...LOOK_ALIKES.caseOnly].sort());
  });

  it('never selects an excluded column', async () => {
    const config = builtinConfig();
    const customers = config.tables.customers;
    if (!customers) throw new Error('no customers table');
    customers.fields.phone = { exclude: true };
    const orders = config.tables.orders;
    if (orders) orders.fields.billingAddress = { exclude: true };
    const source = open(config);
    const { rows } = await collect(source, subject(DEMO_SUBJECT));
    expect(rows.customers?.[0]).not.toHaveProperty('phone');
    expect(rows.customers?.[0]).toHaveProperty('fullName', 'Camille Martin');
    expect(rows.orders?.length).toBeGreaterThan(0);
    for (const order of rows.orders ?? []) expect(order).not.toHaveProperty('billingAddress');
    expect(JSON.stringify(rows)).not.toContain(DEMO_CUSTOMERS[0]?.phone);
  });

  it('refuses to run a map naming a missing table or column, and says which', async () => {
    const config = builtinConfig();
    const customers = config.tables.customers;
    if (!customers) throw new Error('no customers table');
    customers.fields.nickname = { rectify: true };
    config.tables.orderz = {
      link: { column: 'customerId', references: 'customers.id' },
      category: 'billing',
      fields: {},
      erase: 'keep',
    };
    const source = open(config);
    expect(await source.check()).toEqual([
      'table "orderz" not found in schema public',
      'column "nickname" not found in table "customers" (tables.customers.fields)',
    ]);
    const failure = await source.match(subject(DEMO_SUBJECT), ctx()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceError);
    expect(failure).toMatchObject({ code: 'source_schema_mismatch', retryable: false });
    expect((failure as Error).message).toContain('"nickname"');
  });

  it('is built by createSources by name, with every kind of the map', async () => {
    const map = dataMapSchema.parse({
      sources: [
        ...defaultDataMap(ISOLECTRA_CONTROLLER).sources,
        {
          name: 'crm',
          kind: 'webhook',
          url: 'https://crm.example/dsr',
          secret: 'a secret long enough',
          types: ['access'],
        },
        { name: 'analytics', kind: 'manual', instructions: 'Delete the visitor', types: ['erasure'] },
      ],
    });
    const sources = createSources(map, { builtinDatabaseUrl: db.url, prisma });
    try {
      expect(sources.list.map((s) => [s.config.name, s.config.kind])).toEqual([
        ['customers', 'postgres'],
        ['crm', 'webhook'],
        ['analytics', 'manual'],
      ]);
      const source = sources.get('customers');
      expect(source?.handles('access')).toBe(true);
      expect(source?.handles('information')).toBe(false);
      expect((await source?.match(subject(DEMO_SUBJECT), ctx()))?.count).toBe(1);
      expect(sources.get('analytics')?.handles('erasure')).toBe(true);
      expect(() => createSources(map, { builtinDatabaseUrl: db.url, prisma }, {})).toThrow(
        'DATA_MAP: source "customers": kind postgres is not available',
      );
    } finally {
      await sources.close();
    }
  });
});

describe('an external PostgreSQL source with a schema of its own', () => {
  const QUOTED = "sean.o'brien@example.ie";
  const LINES = CURSOR_BATCH * 2 + 37;
  let ext: TestDatabase;
  let source: PostgresSource;
  let config: PostgresSourceConfig;

  beforeAll(async () => {
    ext = await createEmptyDatabase();
    const client = new pg.Client({ connectionString: ext.url });
    await client.connect();
    try {
      await client.query(`
        CREATE SCHEMA billing;
        CREATE TABLE billing.clients (client_no integer PRIMARY KEY, mail text, client_code text UNIQUE,
          display_name text, password_hash text NOT NULL);
        CREATE TABLE billing.invoices (invoice_id integer PRIMARY KEY,
          client_ref integer NOT NULL REFERENCES billing.clients, issued_on date NOT NULL, amount numeric(10,2));
        CREATE TABLE billing.invoice_lines (line_id serial PRIMARY KEY,
          invoice integer NOT NULL REFERENCES billing.invoices, label text NOT NULL, qty integer);
        INSERT INTO billing.clients VALUES
          (1, 'Sean.O''Brien@Example.ie', 'C-1001', 'Seán O''Brien', 'argon2-secret-a'),
          (2, 'seanobrien@example.ie', 'C-1002', 'Seán O''Brien', 'argon2-secret-b'),
          (3, 'sean.o''brien+shop@example.ie', 'C-1003', 'Sean OBrien', 'argon2-secret-c');
        INSERT INTO billing.invoices VALUES (10, 1, '2019-03-01', 120.50), (11, 1, '2024-11-30', 8.00),
          (20, 2, '2020-01-15', 99.99), (30, 3, '2021-06-01', 5.00);
        INSERT INTO billing.invoice_lines (invoice, label, qty)
          SELECT 10 + (n % 2), 'line ' || n, n FROM generate_series(1, ${LINES}) n;
        INSERT INTO billing.invoice_lines (invoice, label, qty) VALUES (20, 'not yours', 1), (30, 'nor this', 1);
      `);
    } finally {
      await client.end();
    }
    config = dataMapSchema.parse({
      sources: [
        {
          name: 'billing',
          kind: 'postgres',
          url: ext.url,
          schema: 'billing',
          subject: {
            table: 'clients',
            key: 'client_no',
            email: 'mail',
            identifiers: { customer_number: 'client_code' },
          },
          tables: {
            clients: {
              category: 'profile',
              fields: { password_hash: { exclude: true } },
              erase: 'anonymise',
            },
            invoices: {
              link: { column: 'client_ref', references: 'clients.client_no' },
              category: 'billing',
              retention: { years: 10, from: 'issued_on', basis: 'Code de commerce, art. L123-22' },
              erase: 'delete',
            },
            invoice_lines: {
              link: { column: 'invoice', references: 'invoices.invoice_id' },
              category: 'billing',
              erase: 'delete',
            },
          },
        },
      ],
    }).sources[0] as PostgresSourceConfig;
    source = open(config);
  });

  afterAll(async () => {
    await source?.close();
    await ext?.drop();
  });

  it('fits its database', async () => {
    expect(await source.check()).toEqual([]);
  });

  it('finds the subject by an e-mail holding a quote, or by a staff-linked customer number', async () => {
    expect(await source.match(subject(QUOTED), ctx())).toEqual({
      count: 1,
      matches: [{ key: '1', matchedOn: 'email' }],
    });
    const byNumber = await source.match(
      subject('unknown@example.ie', [{ kind: 'customer_number', value: 'C-1002' }]),
      ctx(),
    );
    expect(byNumber).toEqual({ count: 1, matches: [{ key: '2', matchedOn: 'customer_number' }] });
    // A value that looks like SQL is just a value.
    expect((await source.match(subject("x' OR '1'='1"), ctx())).count).toBe(0);
  });

  it('streams rows through a two-level link chain from a cursor, never the password hash', async () => {
    const seenWhileReading: string[] = [];
    const observer = new pg.Client({ connectionString: ext.url });
    await observer.connect();
    try {
      const { answer, rows } = await collect(source, subject(QUOTED), async (table) => {
        // While the sink holds the first line, the source's connection sits on a cursor FETCH:
        // rows arrive in batches, not as one buffered result.
        if (table === 'invoice_lines' && seenWhileReading.length === 0) {
          const activity = await observer.query<{ query: string }>(
            `SELECT query FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'dsr-fulfilment'
                AND state = 'idle in transaction'`,
          );
          seenWhileReading.push(...activity.rows.map((r) => r.query));
        }
      });
      expect(seenWhileReading).toEqual([`FETCH ${CURSOR_BATCH} FROM dsr_collect`]);
      expect(answer).toEqual({
        state: 'done',
        tables: {
          clients: { rows: 1, category: 'profile' },
          invoices: { rows: 2, category: 'billing' },
          invoice_lines: { rows: LINES, category: 'billing' },
        },
      });
      expect(rows.clients).toEqual([
        {
          client_no: 1,
          mail: "Sean.O'Brien@Example.ie",
          client_code: 'C-1001',
          display_name: "Seán O'Brien",
        },
      ]);
      expect(rows.invoices).toEqual([
        { invoice_id: 10, client_ref: 1, issued_on: '2019-03-01', amount: '120.50' },
        { invoice_id: 11, client_ref: 1, issued_on: '2024-11-30', amount: '8.00' },
      ]);
      const lines = rows.invoice_lines ?? [];
      expect(new Set(lines.map((l) => l.invoice))).toEqual(new Set([10, 11]));
      expect(lines.map((l) => l.line_id)).toEqual(
        [...lines.map((l) => l.line_id as number)].sort((x, y) => x - y),
      );
      expect(JSON.stringify(rows)).not.toMatch(/argon2-secret|not yours|nor this|seanobrien/);
    } finally {
      await observer.end();
    }
  });

  it('stops reading when the run is aborted, and the source is usable afterwards', async () => {
    const controller = new AbortController();
    let seen = 0;
    const stopped = await source
      .collect(
        request,
        subject(QUOTED),
        {
          async row(table) {
            if (table === 'invoice_lines' && ++seen === 1) controller.abort();
          },
        },
        { now: new Date(), signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect(stopped).toMatchObject({ name: 'AbortError' });
    // It stopped at the next batch: the first one was delivered, the rest never read.
    expect(seen).toBe(CURSOR_BATCH);
    const { answer } = await collect(source, subject(QUOTED));
    expect(answer.state === 'done' && answer.tables.invoice_lines?.rows).toBe(LINES);
  });

  it("passes the sink's own failure through as it is", async () => {
    const full = new Error('package store full');
    const failure = await source
      .collect(
        request,
        subject(QUOTED),
        {
          async row() {
            throw full;
          },
        },
        ctx(),
      )
      .catch((e: unknown) => e);
    expect(failure).toBe(full);
    expect((await source.match(subject(QUOTED), ctx())).count).toBe(1);
  });

  it('reports an unreachable database as retryable, without its address', async () => {
    const down = open({ ...config, url: 'postgresql://nobody:secret@127.0.0.1:1/none' });
    const failure = await down.match(subject(QUOTED), ctx()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'source_unreachable', retryable: true });
    expect((failure as Error).message).not.toContain('secret');
  });
});
