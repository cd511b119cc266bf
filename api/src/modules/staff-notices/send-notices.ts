import type { ControllerConfig } from '@dsr/shared/controller';
import { daysLeft } from '@dsr/shared/deadline';
import type { RequestType } from '@dsr/shared/request-types';
import type { Locale } from '@dsr/shared/text';
import type { PrismaClient } from '../../db/types.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { messageIdDomain, queueMail } from '../../mail/mailer.ts';
import { type DigestLine, dueDigestMail } from '../notifications/staff-mails.ts';
import { findDueBefore, listNoticeRecipients } from './staff-notices.repository.ts';

export interface StaffNoticeDeps {
  prisma: PrismaClient;
  controller: ControllerConfig;
  publicUrl: string;
}

/** Staff mails are in the language of each account (staff_users.locale). */
export function staffLocale(value: string): Locale {
  return value === 'en' ? 'en' : 'fr';
}
export const DUE_SOON_DAYS = 5;

// All of a run's mails are queued in one transaction: a retried job never sends some twice. The
// digest is a cron, not a request event, so it queues its mail itself (the new-request notice is
// the `staff-notices` reaction in modules/events).
async function queueAll(deps: StaffNoticeDeps, mails: RenderedMail[]): Promise<number> {
  if (mails.length === 0) return 0;
  await deps.prisma.$transaction(async (tx) => {
    for (const mail of mails)
      await queueMail(prismaTxExecutor(tx), mail, { messageIdDomain: messageIdDomain(deps.publicUrl) });
  });
  return mails.length;
}

export interface DueDigest {
  overdue: DigestLine[];
  dueSoon: DigestLine[];
}

/** Open requests past their deadline, and those due within 5 calendar days (controller's time zone). */
export async function buildDueDigest(deps: StaffNoticeDeps, now: Date): Promise<DueDigest> {
  const timeZone = deps.controller.timeZone;
  const horizon = new Date(now.getTime() + (DUE_SOON_DAYS + 2) * 86_400_000);
  const rows = await findDueBefore(deps.prisma, horizon);
  const lines = rows.map((row) => ({
    reference: row.reference,
    type: row.type as RequestType,
    dueAt: row.due,
    daysLeft: daysLeft(row.due, now, timeZone),
  }));
  return {
    overdue: lines.filter((l) => l.dueAt.getTime() < now.getTime()),
    dueSoon: lines.filter((l) => l.dueAt.getTime() >= now.getTime() && l.daysLeft <= DUE_SOON_DAYS),
  };
}

/** The daily digest; nothing is sent on a day with nothing due. Returns the number of mails queued. */
export async function sendDueDigest(deps: StaffNoticeDeps, now: Date): Promise<number> {
  const digest = await buildDueDigest(deps, now);
  if (digest.overdue.length === 0 && digest.dueSoon.length === 0) return 0;
  const recipients = await listNoticeRecipients(deps.prisma);
  return queueAll(
    deps,
    recipients.map(({ email, locale }) =>
      dueDigestMail({
        to: email,
        locale: staffLocale(locale),
        ...digest,
        url: `${deps.publicUrl}/staff/requests`,
        controller: deps.controller,
      }),
    ),
  );
}
