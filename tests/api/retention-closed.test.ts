// Closed requests past `retention.closedRequestsYears`: under the test clock, the daily purge
// removes their personal data (address, name, details, message, outcome, messages and notes,
// identifiers, the draft's rows, the package and task files, transfer addresses) and keeps what the
// register and anonymous counts need; the audit trail stays. A request closed more recently, and
// one still open, are untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeClosedRequests } from '../../api/src/modules/retention/closed-requests.ts';
import { PURGE_CLOSED_QUEUE } from '../../api/src/modules/retention/retention.jobs.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedRequest, uniqueEmail } from './staff-requests.fixtures.ts';

const YEAR = 365.25 * 86_400_000;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date('2027-03-01T12:00:00Z'));
});
afterAll(async () => {
  await t?.close();
});

async function closedRequest(closedAt: Date | null) {
  const email = uniqueEmail('closed');
  const { id, reference } = await seedRequest(t, {
    status: closedAt ? 'completed' : 'in_progress',
    type: 'erasure',
    email,
  });
  const blob = await t.prisma.blob.create({
    data: { contentType: 'application/zip', complete: true },
    select: { id: true },
  });
  await t.prisma.request.update({
    where: { id },
    data: {
      closedAt,
      message: `Message from ${email}`,
      outcome: `Erased for ${email}`,
      details: { reason: `private ${email}` },
      messages: {
        create: [
          { from: 'subject', body: `Hello, I am ${email}` },
          { from: 'staff', body: 'Internal: phoned the subject', internal: true },
        ],
      },
      identifiers: { create: [{ kind: 'phone', value: '+33 6 12 34 56 78' }] },
      fulfilmentRecords: { create: [{ source: 'customers', table: 'customers', seq: 0, data: { email } }] },
      fulfilmentSources: {
        create: [
          {
            source: 'customers',
            kind: 'postgres',
            state: 'done',
            matches: [{ key: 'k', matchedOn: 'email' }],
            result: { tables: { customers: { rows: 1, category: 'profile' } } },
          },
        ],
      },
      package: { create: { state: 'released', blobId: blob.id, fileName: 'x.zip' } },
      tasks: { create: [{ system: 'crm', description: 'Delete', status: 'done', note: `Deleted ${email}` }] },
    },
  });
  return { id, reference, email, blobId: blob.id };
}

describe('retention of closed requests', () => {
  it('after closedRequestsYears removes the personal data, keeps the register and the audit', async () => {
    const old = await closedRequest(new Date(t.clock.now.getTime() - 5 * YEAR - 86_400_000));
    const recent = await closedRequest(new Date(t.clock.now.getTime() - 4 * YEAR));
    const open = await closedRequest(null);
    const auditBefore = await t.prisma.auditEvent.count({ where: { requestId: old.id } });

    // Not yet: a day short of five years.
    const early = await purgeClosedRequests(
      t.prisma,
      t.controller,
      new Date(t.clock.now.getTime() - 2 * 86_400_000),
    );
    expect(early).toBe(0);

    expect(await purgeClosedRequests(t.prisma, t.controller, t.clock.now)).toBe(1);
    const row = await t.prisma.request.findUniqueOrThrow({
      where: { id: old.id },
      include: {
        messages: true,
        identifiers: true,
        fulfilmentRecords: true,
        package: true,
        tasks: true,
        fulfilmentSources: true,
      },
    });
    expect(row).toMatchObject({
      reference: old.reference,
      type: 'erasure',
      status: 'completed',
      email: '',
      fullName: '',
      message: null,
      details: {},
      outcome: null,
      personalDataPurgedAt: t.clock.now,
    });
    expect(row.messages).toEqual([]);
    expect(row.identifiers).toEqual([]);
    expect(row.fulfilmentRecords).toEqual([]);
    expect(row.package).toBeNull();
    expect(row.tasks[0]?.note).toBeNull();
    // The counts per source stay (no values in them); the matched keys go.
    expect(row.fulfilmentSources[0]).toMatchObject({ state: 'done', matches: null });
    expect(row.fulfilmentSources[0]?.result).toEqual({
      tables: { customers: { rows: 1, category: 'profile' } },
    });
    expect(JSON.stringify(row)).not.toContain(old.email);
    // The package's file now expires: the export expiry deletes its bytes.
    expect((await t.prisma.blob.findUniqueOrThrow({ where: { id: old.blobId } })).expiresAt).toEqual(
      t.clock.now,
    );
    // The audit stays, with one more event saying what was removed (counts only).
    const audit = await t.prisma.auditEvent.findMany({
      where: { requestId: old.id },
      orderBy: { id: 'asc' },
    });
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({
      type: 'request.purged',
      data: expect.objectContaining({
        reason: 'closed_retention',
        messagesDeleted: 2,
        identifiersDeleted: 1,
      }),
    });
    expect(JSON.stringify(audit.map((e) => e.data))).not.toContain(old.email);

    for (const kept of [recent, open]) {
      const r = await t.prisma.request.findUniqueOrThrow({
        where: { id: kept.id },
        include: { messages: true },
      });
      expect(r.email).toBe(kept.email);
      expect(r.personalDataPurgedAt).toBeNull();
      expect(r.messages).toHaveLength(2);
    }
    // Idempotent: a second run the same day purges nothing.
    expect(await purgeClosedRequests(t.prisma, t.controller, t.clock.now)).toBe(0);

    // A year later the recent one's turn has come.
    t.clock.advance(YEAR + 86_400_000);
    expect(await purgeClosedRequests(t.prisma, t.controller, t.clock.now)).toBe(1);
    expect((await t.prisma.request.findUniqueOrThrow({ where: { id: recent.id } })).email).toBe('');
    expect((await t.prisma.request.findUniqueOrThrow({ where: { id: open.id } })).email).toBe(open.email);
  });

  it('runs daily as a pg-boss cron schedule', async () => {
    const schedules = await t.jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === PURGE_CLOSED_QUEUE)?.cron).toBe('0 3 * * *');
  });
});
