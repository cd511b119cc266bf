import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueDigest } from '../../api/src/modules/staff-notices/send-notices.ts';
import { DIGEST_CRON } from '../../api/src/modules/staff-notices/staff-notices.jobs.ts';
import { DUE_DIGEST_QUEUE } from '../../api/src/modules/staff-notices/staff-notices.queues.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createStaffUser } from '../support/staff.ts';
import { fileAndVerify, mailsTo, seedRequest, uniqueEmail, waitForMail } from './staff-requests.fixtures.ts';

// Staff notices: the daily due digest (content, recipients, schedule). The new-request notice is
// covered by the action and appeal journeys.

let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('due digest', () => {
  it('is scheduled daily at 07:00 in the controller time zone', async () => {
    const schedules = await t.jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === DUE_DIGEST_QUEUE)).toMatchObject({
      cron: DIGEST_CRON,
      options: { tz: 'Europe/Paris' },
    });
    expect(DIGEST_CRON).toBe('0 7 * * *');
  });

  it('lists overdue and due-within-5-days requests (references, types, dates) to active admins and agents only', async () => {
    const now = new Date();
    const admin = await createStaffUser(t.prisma, { role: 'admin' });
    const agent = await createStaffUser(t.prisma, { role: 'agent' });
    const auditor = await createStaffUser(t.prisma, { role: 'auditor' });
    const disabled = await createStaffUser(t.prisma, { role: 'agent', disabled: true });
    const subjectEmail = uniqueEmail('digest');
    const late = await seedRequest(t, {
      status: 'in_progress',
      type: 'erasure',
      email: subjectEmail,
      dueAt: new Date(now.getTime() - 2 * DAY),
    });
    const soon = await seedRequest(t, { type: 'access', dueAt: new Date(now.getTime() + 3 * DAY) });
    const later = await seedRequest(t, { dueAt: new Date(now.getTime() + 12 * DAY) });
    const extended = await seedRequest(t, {
      dueAt: new Date(now.getTime() + 1 * DAY),
      extendedDueAt: new Date(now.getTime() + 30 * DAY),
    });
    const closed = await seedRequest(t, { status: 'completed', dueAt: new Date(now.getTime() - 5 * DAY) });

    const sent = await sendDueDigest(
      { prisma: t.prisma, controller: t.controller, publicUrl: 'http://portal.test' },
      now,
    );
    expect(sent).toBe(2);
    const mail = await waitForMail(t, agent.email);
    await waitForMail(t, admin.email);
    expect(mailsTo(t, auditor.email)).toHaveLength(0);
    expect(mailsTo(t, disabled.email)).toHaveLength(0);
    expect(mail.subject).toBe('Échéances : 1 en retard, 1 sous 5 jours');
    expect(mail.text).toContain(late.reference);
    expect(mail.text).toContain('droit à l’effacement');
    expect(mail.text).toContain('2 j de retard');
    expect(mail.text).toContain(soon.reference);
    expect(mail.text).toContain('J-3');
    expect(mail.text).toContain('http://portal.test/staff/requests');
    for (const absent of [
      later.reference,
      extended.reference,
      closed.reference,
      subjectEmail,
      'Seeded Subject',
    ]) {
      expect(mail.text + mail.html).not.toContain(absent);
    }
    expect(mail.text.indexOf(late.reference)).toBeLessThan(mail.text.indexOf(soon.reference));
  });

  it('sends nothing on a day with nothing due', async () => {
    const farPast = new Date('2020-01-01T00:00:00Z');
    expect(
      await sendDueDigest(
        { prisma: t.prisma, controller: t.controller, publicUrl: 'http://portal.test' },
        farPast,
      ),
    ).toBe(0);
  });
});

describe('staff locale', () => {
  it('writes each staff member the notices in the language of their account', async () => {
    const french = await createStaffUser(t.prisma, { role: 'agent' });
    const english = await createStaffUser(t.prisma, { role: 'agent' });
    await t.prisma.staffUser.update({ where: { id: english.id }, data: { locale: 'en' } });
    const { reference } = await fileAndVerify(t, { locale: 'fr' });
    const inEnglish = await waitForMail(t, english.email, (m) => m.subject.includes(reference));
    const inFrench = await waitForMail(t, french.email, (m) => m.subject.includes(reference));
    expect(inEnglish.subject).toMatch(/^New request /);
    expect(inEnglish.html).toContain('<html lang="en">');
    expect(inFrench.subject).toMatch(/^Nouvelle demande /);
  });
});
