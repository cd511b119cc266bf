// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the data map writes ${VAR} as literal text
// The data map from the operator's side, as real processes: `npm run datamap:check` on a map that fits
// and on one that does not, `npm run seed:demo` (twice), and the server refusing to start on an
// invalid map.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../api/src/db/client.ts';
import { DEMO_CUSTOMERS, DEMO_SUBJECT, LOOK_ALIKES } from '../../scripts/demo-customers.ts';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { runScript } from '../support/run-script.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-datamap-cli-'));

let db: TestDatabase;
let ext: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  ext = await createEmptyDatabase();
  prisma = createPrisma(db.url, { poolSize: 2 });
  const client = new pg.Client({ connectionString: ext.url });
  await client.connect();
  await client
    .query(`CREATE TABLE members (member_id bigint PRIMARY KEY, contact_email text, joined date);
            CREATE TABLE visits (id serial PRIMARY KEY, member bigint REFERENCES members, at timestamptz)`)
    .finally(() => client.end());
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
  await ext?.drop();
});

function run(script: string, env: Record<string, string>) {
  return runScript(script, [], { DATA_DIR: dir, ...env }, ['DATABASE_URL', 'DATA_MAP']);
}

function mapFile(map: unknown): string {
  const file = path.join(dir, `map-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(map));
  return file;
}

const membersSource = {
  name: 'club',
  kind: 'postgres',
  url: '${CLUB_DATABASE_URL}',
  subject: { table: 'members', key: 'member_id', email: 'contact_email' },
  tables: {
    members: { category: 'profile', erase: 'anonymise' },
    visits: {
      link: { column: 'member', references: 'members.member_id' },
      category: 'usage',
      erase: 'delete',
    },
  },
};

describe('npm run datamap:check', () => {
  it('passes on the built-in customer area and says what each request type does there', async () => {
    const res = await run('scripts/datamap-check.ts', { DATABASE_URL: db.url });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("customers (postgres, the portal's own database, schema public)");
    expect(res.stdout).toContain(
      '  access, portability: collect customers, orders, consents, marketing_preferences, customer_comments',
    );
    expect(res.stdout).toContain(
      'orders delete once 10 years from placedAt have passed, kept until then (Code de commerce, art. L123-22)',
    );
    expect(res.stdout).toMatch(/ {2}rectification: customers\.fullName \(Name\), customers\.phone \(Phone\)/);
    expect(res.stdout).toContain(
      '  restriction: customers set restrictedAt = ${now}; lifting sets the opposite',
    );
    expect(res.stdout).toContain(
      'direct_marketing: marketing_preferences where purpose = direct_marketing set optedOut = true',
    );
    expect(res.stdout).toContain('newsletter: insert into consents purpose = newsletter, granted = false');
    expect(res.stdout).toContain('data map OK');
  });

  it('checks an external database and every kind, and exits 1 naming each missing table and column', async () => {
    const file = mapFile({
      sources: [
        membersSource,
        {
          name: 'shop',
          kind: 'postgres',
          url: 'builtin',
          subject: { table: 'customers', key: 'id', email: 'email' },
          tables: {
            customers: { category: 'profile', fields: { nickname: { rectify: true } } },
            orderz: { link: { column: 'customerId', references: 'customers.id' }, category: 'billing' },
            orders: {
              link: { column: 'customer_id', references: 'customers.id' },
              category: 'billing',
              retention: { years: 10, from: 'status', basis: 'Code de commerce' },
            },
          },
        },
        {
          name: 'crm',
          kind: 'webhook',
          url: 'https://crm.example/dsr',
          secret: 'a secret that is long enough',
          types: ['access', 'erasure'],
        },
        {
          name: 'analytics',
          kind: 'manual',
          instructions: { en: 'Delete the visitor in the analytics tool' },
          types: ['erasure'],
        },
      ],
    });
    const res = await run('scripts/datamap-check.ts', {
      DATABASE_URL: db.url,
      DATA_MAP: file,
      CLUB_DATABASE_URL: ext.url,
    });
    expect(res.code).toBe(1);
    expect(res.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  shop: table "orderz" not found in schema public',
      '  shop: column "nickname" not found in table "customers" (tables.customers.fields)',
      '  shop: column "customer_id" not found in table "orders" (tables.orders.link.column)',
      '  shop: column "status" of table "orders" is text, not a date (tables.orders.retention.from)',
    ]);
    expect(res.stdout).toContain('club (postgres, an external database, schema public)');
    expect(res.stdout).toContain('  access, portability: collect members, visits');
    expect(res.stdout).toMatch(/club .*\n(.*\n)* {2}check: every table, column and link exists/);
    expect(res.stdout).toContain('crm (webhook to crm.example)\n  access, erasure: signed POST');
    expect(res.stdout).toContain(
      'analytics (manual)\n  erasure: a task for staff: "Delete the visitor in the analytics tool"',
    );
    // The secret is configuration, never printed.
    expect(res.stdout + res.stderr).not.toContain('a secret that is long enough');
  });

  it('stops on an invalid map, naming the key path', async () => {
    const file = mapFile({ sources: [membersSource] });
    const res = await run('scripts/datamap-check.ts', { DATABASE_URL: db.url, DATA_MAP: file });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `DATA_MAP ${file} is invalid:\n  sources.0.url: environment variable CLUB_DATABASE_URL is not set\n`,
    );
  });
});

describe('the server', () => {
  it('refuses to start on an invalid DATA_MAP and says which key is wrong', { timeout: 60_000 }, async () => {
    const file = mapFile({
      sources: [
        {
          ...membersSource,
          url: 'builtin',
          tables: { ...membersSource.tables, visits: { category: 'usage' } },
        },
      ],
    });
    const res = await run('api/src/server.ts', { DATABASE_URL: db.url, DATA_MAP: file, PORT: '0' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`DATA_MAP ${file} is invalid:`);
    expect(res.stderr).toContain(
      '  sources.0.tables.visits.link: Required: how this table reaches the subject table',
    );
  });
});

describe('npm run seed:demo', () => {
  it('fills the customer area with look-alikes, prints the addresses to try, and can run again', {
    timeout: 120_000,
  }, async () => {
    const first = await run('scripts/seed-demo.ts', { DATABASE_URL: db.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const customer of DEMO_CUSTOMERS) expect(first.stdout).toContain(customer.email);

    const emails = DEMO_CUSTOMERS.map((c) => c.email);
    const stored = await prisma.customer.findMany({
      where: { email: { in: emails } },
      include: { orders: true },
    });
    expect(stored.map((c) => c.email).sort()).toEqual([...emails].sort());
    const a = stored.filter((c) => c.fullName === 'Camille Martin');
    // Same name, other addresses: three different people.
    expect(new Set(a.map((c) => c.postalAddress)).size).toBe(3);
    expect(a.map((c) => c.email)).toEqual(
      expect.arrayContaining([DEMO_SUBJECT, LOOK_ALIKES.sameNameOtherAddress, LOOK_ALIKES.withoutDots]),
    );
    expect(stored.map((c) => c.email)).toContain(LOOK_ALIKES.plusTag);
    expect(stored.filter((c) => c.email?.toLowerCase() === LOOK_ALIKES.caseOnly[0])).toHaveLength(2);
    // Orders spread over about twelve years, with their items.
    const placed = stored.flatMap((c) => c.orders.map((o) => o.placedAt.getTime()));
    expect((Math.max(...placed) - Math.min(...placed)) / (365 * 24 * 3600 * 1000)).toBeGreaterThan(8);
    expect(stored[0]?.orders[0]?.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ sku: expect.any(String) })]),
    );
    const counts = async () => ({
      customers: await prisma.customer.count(),
      orders: await prisma.order.count(),
      consents: await prisma.consent.count(),
      preferences: await prisma.marketingPreference.count(),
      comments: await prisma.customerComment.count(),
    });
    const before = await counts();
    expect(before.consents).toBeGreaterThan(0);
    expect(before.comments).toBeGreaterThan(0);

    const again = await run('scripts/seed-demo.ts', { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(await counts()).toEqual(before);
  });
});
