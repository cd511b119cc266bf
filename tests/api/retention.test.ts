import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRE_QUEUE, PURGE_UNVERIFIED_QUEUE } from '../../api/src/modules/retention/retention.jobs.ts';
import {
  expireUnverified,
  purgeIdempotencyKeys,
  purgeUnverified,
} from '../../api/src/modules/retention/retention.service.ts';
import { issueLinkToken } from '../../api/src/modules/tokens/tokens.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

// Unverified requests: expired after 7 days, personal data removed after 30 (audit kept).

let t: TestApp;
const DAY = 86_400_000;
const secrets = new Set<string>();
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(new Date('2027-03-01T12:00:00Z'));
});

afterAll(async () => {
  const log = t.logs.join('\n');
  for (const secret of secrets) expect(log).not.toContain(secret);
  await t?.close();
});

async function file(message?: string) {
  n += 1;
  const email = `retention-${n}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const fullName = `Alexis Retained${n}z`;
  secrets.add(email);
  secrets.add(fullName);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: `10.3.0.${n}`,
    payload: {
      type: 'erasure',
      email,
      fullName,
      details: { reason: 'private reason' },
      ...(message ? { message } : {}),
    },
  });
  expect(res.statusCode).toBe(202);
  return t.prisma.request.findUniqueOrThrow({
    where: { reference: res.json().reference },
    select: { id: true, reference: true },
  });
}

async function verifyDirectly(requestId: string) {
  const token = await t.prisma.$transaction((tx) => issueLinkToken(tx, requestId, t.clock.now));
  secrets.add(token);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/verifications', payload: { token } });
  expect(res.statusCode).toBe(200);
  secrets.add(res.json().accessToken);
}

const statusOf = async (id: string) =>
  (await t.prisma.request.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe('expireUnverified', () => {
  it('expires pending requests older than 7 days through the transition (system actor), and only those', async () => {
    const old = await file();
    const verified = await file();
    await verifyDirectly(verified.id);
    t.clock.advance(6 * DAY);
    const recent = await file();
    t.clock.advance(1 * DAY + 60_000);

    expect(await expireUnverified(t.prisma, t.clock.now)).toBe(1);
    expect(await statusOf(old.id)).toBe('expired');
    expect(await statusOf(verified.id)).toBe('verified');
    expect(await statusOf(recent.id)).toBe('pending_verification');
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { requestId: old.id, type: 'request.expired' },
    });
    expect(event).toMatchObject({
      actorType: 'system',
      fromStatus: 'pending_verification',
      toStatus: 'expired',
    });
    const closed = await t.prisma.request.findUniqueOrThrow({
      where: { id: old.id },
      select: { closedAt: true, version: true },
    });
    expect(closed).toEqual({ closedAt: t.clock.now, version: 2 });

    // Running again changes nothing.
    expect(await expireUnverified(t.prisma, t.clock.now)).toBe(0);
  });
});

describe('purgeUnverified', () => {
  it('after 30 days blanks the personal data of never-verified requests, deletes their tokens, keeps the audit', async () => {
    t.clock.set(new Date('2027-06-01T12:00:00Z'));
    await purgeUnverified(t.prisma, t.controller, t.clock.now); // earlier tests' requests
    const unverified = await file('My private message');
    const verified = await file('Kept message');
    await verifyDirectly(verified.id);
    t.clock.advance(29 * DAY);
    expect(await purgeUnverified(t.prisma, t.controller, t.clock.now)).toBe(0);
    t.clock.advance(1 * DAY + 60_000);
    await expireUnverified(t.prisma, t.clock.now);
    const auditBefore = await t.prisma.auditEvent.count({ where: { requestId: unverified.id } });

    expect(await purgeUnverified(t.prisma, t.controller, t.clock.now)).toBeGreaterThanOrEqual(1);
    const purged = await t.prisma.request.findUniqueOrThrow({
      where: { id: unverified.id },
      select: {
        email: true,
        fullName: true,
        message: true,
        details: true,
        personalDataPurgedAt: true,
        status: true,
        reference: true,
      },
    });
    expect(purged).toEqual({
      email: '',
      fullName: '',
      message: null,
      details: {},
      personalDataPurgedAt: t.clock.now,
      status: 'expired',
      reference: unverified.reference,
    });
    expect(await t.prisma.requestToken.count({ where: { requestId: unverified.id } })).toBe(0);
    const audit = await t.prisma.auditEvent.findMany({
      where: { requestId: unverified.id },
      orderBy: { id: 'asc' },
    });
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({ type: 'request.purged', actorType: 'system' });

    const kept = await t.prisma.request.findUniqueOrThrow({
      where: { id: verified.id },
      select: { email: true, message: true, personalDataPurgedAt: true },
    });
    expect(kept.email).not.toBe('');
    expect(kept.message).toBe('Kept message');
    expect(kept.personalDataPurgedAt).toBeNull();

    // Nothing left to purge; the audit trail is not touched again.
    expect(await purgeUnverified(t.prisma, t.controller, t.clock.now)).toBe(0);
  });

  it('follows the controller retention setting', async () => {
    t.clock.set(new Date('2027-09-01T12:00:00Z'));
    await purgeUnverified(t.prisma, t.controller, t.clock.now); // earlier tests' requests
    const r = await file();
    t.clock.advance(10 * DAY + 1);
    const tenDays = { retention: { ...t.controller.retention, unverifiedDays: 10 } };
    expect(await purgeUnverified(t.prisma, tenDays, t.clock.now)).toBe(1);
    expect(
      (await t.prisma.request.findUniqueOrThrow({ where: { id: r.id }, select: { fullName: true } }))
        .fullName,
    ).toBe('');
  });
});

describe('purgeIdempotencyKeys', () => {
  it('forgets keys after a day', async () => {
    await t.prisma.idempotencyKey.create({
      data: {
        scope: 'test',
        key: 'old',
        requestHash: 'h',
        createdAt: new Date(t.clock.now.getTime() - 2 * DAY),
      },
    });
    await t.prisma.idempotencyKey.create({
      data: { scope: 'test', key: 'new', requestHash: 'h', createdAt: t.clock.now },
    });
    expect(await purgeIdempotencyKeys(t.prisma, t.clock.now)).toBeGreaterThanOrEqual(1);
    expect((await t.prisma.idempotencyKey.findMany({ where: { scope: 'test' } })).map((k) => k.key)).toEqual([
      'new',
    ]);
  });
});

describe('schedules', () => {
  it('registers both jobs as hourly pg-boss cron schedules', async () => {
    const schedules = await t.jobs.boss.getSchedules();
    const byName = Object.fromEntries(schedules.map((s) => [s.name, s.cron]));
    expect(byName[EXPIRE_QUEUE]).toBe('0 * * * *');
    expect(byName[PURGE_UNVERIFIED_QUEUE]).toBe('0 * * * *');
  });
});
