import { dashboardSchema, queueAnswerSchema, REGISTER_COLUMNS } from '@dsr/shared/staff-requests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../api/src/modules/staff-requests/register-csv.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { loginAs, type StaffLogin } from '../support/staff.ts';
import { act, seedRequest, uniqueEmail } from './staff-requests.fixtures.ts';

// The queue (filters, search, keyset pages, counts), register.csv and the dashboard.

let t: TestApp;
let agent: StaffLogin;
let other: StaffLogin;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp();
  agent = await loginAs(t, 'agent');
  other = await loginAs(t, 'agent');
});

afterAll(async () => {
  await t?.close();
});

async function queue(query: string, headers = agent.headers) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/staff/requests${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return queueAnswerSchema.parse(res.json());
}

async function allPages(query: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query.includes('?') ? '&' : '?';
    const page = await queue(`${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    if (pages > 0) expect(page.counts).toBeNull();
    seen.push(...page.items.map((i) => i.reference));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 1000);
  return seen;
}

describe('queue', () => {
  it('orders by the deadline in force (overdue first, extension counted), hides pending and closed by default', async () => {
    const now = t.clock.now.getTime();
    const overdue = await seedRequest(t, {
      status: 'in_progress',
      dueAt: new Date(now - 3 * DAY),
      type: 'erasure',
    });
    const soon = await seedRequest(t, { dueAt: new Date(now + 2 * DAY) });
    const extended = await seedRequest(t, {
      dueAt: new Date(now - DAY),
      extendedDueAt: new Date(now + 40 * DAY),
    });
    const pending = await seedRequest(t, { status: 'pending_verification' });
    const closed = await seedRequest(t, { status: 'completed', dueAt: new Date(now - 10 * DAY) });
    const page = await queue('?limit=100');
    const refs = page.items.map((i) => i.reference);
    expect(refs.indexOf(overdue.reference)).toBeLessThan(refs.indexOf(soon.reference));
    expect(refs.indexOf(soon.reference)).toBeLessThan(refs.indexOf(extended.reference));
    expect(refs).not.toContain(pending.reference);
    expect(refs).not.toContain(closed.reference);
    const first = page.items.find((i) => i.reference === overdue.reference)!;
    expect(first).toMatchObject({ overdue: true, daysLeft: -3, type: 'erasure', status: 'in_progress' });
    const ext = page.items.find((i) => i.reference === extended.reference)!;
    expect(ext).toMatchObject({
      overdue: false,
      extended: true,
      dueAt: new Date(now + 40 * DAY).toISOString(),
    });
    expect(page.counts).toMatchObject({ pending_verification: 1, in_progress: 1, overdue: 1 });
    expect(page.counts!.verified).toBeGreaterThanOrEqual(2);

    // Explicit status filters reach pending and closed requests.
    expect((await queue('?status=pending_verification')).items.map((i) => i.reference)).toContain(
      pending.reference,
    );
    expect((await queue('?status=completed,denied')).items.map((i) => i.reference)).toEqual([
      closed.reference,
    ]);
  });

  it('filters by type, assignee, overdue and dueBefore; searches reference (exact or prefix) and e-mail', async () => {
    const now = t.clock.now.getTime();
    const email = uniqueEmail('Search');
    const mine = await seedRequest(t, {
      type: 'portability',
      assigneeId: agent.user.id,
      email,
      dueAt: new Date(now + 1 * DAY),
    });
    const theirs = await seedRequest(t, {
      type: 'portability',
      assigneeId: other.user.id,
      dueAt: new Date(now + 20 * DAY),
    });
    const refsOf = async (q: string) => (await queue(q)).items.map((i) => i.reference);

    expect(await refsOf('?type=portability')).toEqual([mine.reference, theirs.reference]);
    expect(await refsOf('?type=portability&assignee=me')).toEqual([mine.reference]);
    expect(await refsOf(`?type=portability&assignee=${other.user.id}`)).toEqual([theirs.reference]);
    expect(await refsOf('?type=portability&assignee=none')).toEqual([]);
    expect(await refsOf(`?type=portability&dueBefore=${new Date(now + 5 * DAY).toISOString()}`)).toEqual([
      mine.reference,
    ]);
    const overdueRefs = await refsOf('?overdue=true&limit=100');
    expect(overdueRefs).not.toContain(mine.reference);
    expect((await queue('?overdue=true&limit=100')).items.every((i) => i.overdue)).toBe(true);
    expect((await queue('?overdue=false&limit=100')).items.every((i) => !i.overdue)).toBe(true);

    expect(await refsOf(`?q=${mine.reference}`)).toEqual([mine.reference]);
    expect(await refsOf(`?q=${mine.reference.toLowerCase()}`)).toEqual([mine.reference]);
    expect(await refsOf(`?q=${mine.reference.slice(0, -1)}&limit=100`)).toContain(mine.reference);
    expect(await refsOf(`?q=${encodeURIComponent(`  ${email.toUpperCase()} `)}`)).toEqual([mine.reference]);
    expect(await refsOf(`?q=${encodeURIComponent(email.slice(0, -3))}`)).toEqual([]);
    // Not an address nor a reference: words of the name (see the name-search test).
    expect(await refsOf('?q=%40%40')).toEqual([]);
  });

  it('searches by name: each word the start of a word of the name, any case and order', async () => {
    const marie = await seedRequest(t, { type: 'restriction', fullName: 'Marie-Élise Dupont-Lagarde' });
    const other = await seedRequest(t, { type: 'restriction', fullName: 'Marius Durand' });
    const refsOf = async (q: string) =>
      (await queue(`?type=restriction&q=${encodeURIComponent(q)}`)).items.map((i) => i.reference);
    expect(await refsOf('dupont')).toEqual([marie.reference]);
    expect(await refsOf('LAGARDE élise')).toEqual([marie.reference]);
    expect(await refsOf('mar')).toEqual(expect.arrayContaining([marie.reference, other.reference]));
    expect(await refsOf('mar du')).toEqual(expect.arrayContaining([marie.reference, other.reference]));
    expect(await refsOf('durand')).toEqual([other.reference]);
    expect(await refsOf('pont')).toEqual([]); // a word's start, not any substring
    // Characters with a meaning in tsquery syntax are only separators here: no 500, no injection.
    expect(await refsOf("dupont:* | ! ' & (")).toEqual([marie.reference]);
    expect(await refsOf('*&|!')).toEqual([]);
  });

  it('sorts by received date, newest first, with keyset pages and no duplicates', async () => {
    const base = t.clock.now.getTime() - 40 * DAY;
    const seeded = [];
    for (let i = 0; i < 9; i++) {
      // Two by two on the same instant: ties are ordered by id.
      seeded.push(
        await seedRequest(t, {
          type: 'automated_decision',
          receivedAt: new Date(base + Math.floor(i / 2) * DAY),
        }),
      );
    }
    const first = await queue('?type=automated_decision&sort=received&limit=100');
    const expected = seeded
      .map((r, i) => ({ ...r, at: base + Math.floor(i / 2) * DAY }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((r) => r.reference);
    expect(first.items.map((i) => i.reference)).toEqual(expected);
    for (const limit of [1, 2, 4]) {
      const seen = await allPages('?type=automated_decision&sort=received', limit);
      expect(seen).toEqual(first.items.map((i) => i.reference));
    }
    // A cursor of one sort is refused by the other.
    const dueCursor = (await queue('?type=automated_decision&limit=2')).nextCursor!;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/requests?type=automated_decision&sort=received&cursor=${dueCursor}`,
      headers: agent.headers,
    });
    expect(res.statusCode).toBe(400);
  });

  it('keyset pages: no duplicates or omissions across pages with equal due dates', async () => {
    const due = new Date(t.clock.now.getTime() + 15 * DAY);
    const same = await Promise.all(
      Array.from({ length: 23 }, () => seedRequest(t, { type: 'objection', dueAt: due })),
    );
    await seedRequest(t, { type: 'objection', status: 'pending_verification' });
    const expected = same.map((r) => r.reference);
    for (const limit of [1, 5, 7, 100]) {
      const seen = await allPages('?type=objection', limit);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...expected].sort());
    }
    // Null deadlines (pending requests) come last and page too.
    const pendingSeen = await allPages('?type=objection&status=pending_verification,verified', 4);
    expect(pendingSeen).toHaveLength(24);
    expect(new Set(pendingSeen).size).toBe(24);
  });

  it('400 on a bad cursor or query; 401 without a session', async () => {
    for (const q of [
      '?cursor=nonsense',
      '?limit=0',
      '?limit=101',
      '?status=open',
      '?assignee=x',
      '?overdue=maybe',
      '?dueBefore=tomorrow',
      '?sort=name',
      '?extra=1',
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/requests${q}`,
        headers: agent.headers,
      });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/requests' })).statusCode).toBe(401);
  });
});

describe('register.csv', () => {
  it('quotes fields per RFC 4180 and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('streams every request with dates and outcome, as an attachment, without e-mails', async () => {
    const email = uniqueEmail('register');
    const { reference } = await seedRequest(t, { email, status: 'in_progress' });
    await act(t, agent.headers, reference, {
      action: 'deny',
      expectedVersion: 1,
      reasonCode: 'rights_of_others',
      explanation: 'x',
    });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/register.csv',
      headers: agent.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="register-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(REGISTER_COLUMNS.join(','));
    const total = await t.prisma.request.count();
    expect(lines).toHaveLength(total + 1);
    const line = lines.find((l) => l.startsWith(`${reference},`))!;
    const cells = line.split(',');
    expect(cells[2]).toBe('denied');
    expect(cells[9]).toBe('denied');
    expect(cells[10]).toBe('rights_of_others');
    expect(cells[11]).toBe('0');
    expect(res.body).not.toContain('@');
    expect(res.body).not.toContain('Seeded Subject');
  });
});

describe('dashboard', () => {
  it('open by status, overdue, median days to close, per type per month', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/staff/dashboard', headers: agent.headers });
    expect(res.statusCode).toBe(200);
    const d = dashboardSchema.parse(res.json());
    expect(d.overdue).toBeGreaterThanOrEqual(1);
    expect(d.openByStatus.verified).toBeGreaterThan(20);
    expect(d.medianDaysToClose).not.toBeNull();
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
    })
      .format(t.clock.now)
      .slice(0, 7);
    expect(
      d.perTypePerMonth.find((r) => r.type === 'objection' && r.month === month)?.count,
    ).toBeGreaterThanOrEqual(23);
  });
});
