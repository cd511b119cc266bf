// Helpers for the staff request tests: requests filed and verified over HTTP (the real journey), or
// inserted directly in a given state (queues, pagination, the state machine).
import { randomBytes } from 'node:crypto';
import { computeDueAt } from '@dsr/shared/deadline';
import type { RequestType } from '@dsr/shared/request-types';
import type { RequestStatus } from '@dsr/shared/statuses';
import type { TestApp } from '../support/app.ts';
import type { CapturedMail } from '../support/smtp.ts';

const TOKEN_IN_LINK = /\/verify#token=([A-Za-z0-9_-]{43})/;
let ipCounter = 0;
const nextIp = () => {
  ipCounter += 1;
  return `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

export const uniqueEmail = (label = 'subject') => `${label}.${randomBytes(4).toString('hex')}@example.test`;

export const mailsTo = (t: TestApp, to: string): CapturedMail[] =>
  t.smtp.messages.filter((m) => m.to.includes(to));

export async function waitForMail(
  t: TestApp,
  to: string,
  match: (m: CapturedMail) => boolean = () => true,
): Promise<CapturedMail> {
  await t.smtp.waitFor((all) => all.some((m) => m.to.includes(to) && match(m)), 15_000);
  return t.smtp.messages.find((m) => m.to.includes(to) && match(m))!;
}

/** Files a request over HTTP, opens the verification link from the mail: a verified request and its bearer token. */
export async function fileAndVerify(
  t: TestApp,
  options: {
    type?: RequestType;
    locale?: 'fr' | 'en';
    email?: string;
    fullName?: string;
    details?: Record<string, unknown>;
  } = {},
): Promise<{ reference: string; accessToken: string; email: string }> {
  const email = options.email ?? uniqueEmail();
  const type = options.type ?? 'access';
  const details = options.details ?? (type === 'portability' ? { format: 'json' } : {});
  const filed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    remoteAddress: nextIp(),
    payload: {
      type,
      email,
      fullName: options.fullName ?? 'Camille Dupont',
      locale: options.locale ?? 'fr',
      details,
    },
  });
  if (filed.statusCode !== 202) throw new Error(`intake: ${filed.statusCode} ${filed.body}`);
  const { reference } = filed.json() as { reference: string };
  const mail = await waitForMail(t, email, (m) => m.text.includes(reference) && TOKEN_IN_LINK.test(m.text));
  const token = TOKEN_IN_LINK.exec(mail.text)![1]!;
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/verifications',
    remoteAddress: nextIp(),
    payload: { token },
  });
  if (verified.statusCode !== 200) throw new Error(`verify: ${verified.statusCode} ${verified.body}`);
  return { reference, accessToken: (verified.json() as { accessToken: string }).accessToken, email };
}

export interface SeedOptions {
  status?: RequestStatus;
  type?: RequestType;
  email?: string;
  verifiedAt?: Date;
  dueAt?: Date | null;
  extendedDueAt?: Date | null;
  assigneeId?: string | null;
  locale?: 'fr' | 'en';
  fullName?: string;
  receivedAt?: Date;
}

/** A request inserted in the given state, without mails or audit (for queue and state-machine tests). */
export async function seedRequest(
  t: TestApp,
  options: SeedOptions = {},
): Promise<{ id: string; reference: string }> {
  const status = options.status ?? 'verified';
  const verifiedAt = status === 'pending_verification' ? null : (options.verifiedAt ?? t.clock.now);
  const dueAt =
    options.dueAt !== undefined
      ? options.dueAt
      : verifiedAt
        ? computeDueAt(verifiedAt, t.controller.timeZone)
        : null;
  return t.prisma.request.create({
    data: {
      type: options.type ?? 'access',
      status,
      email: (options.email ?? uniqueEmail()).toLowerCase(),
      fullName: options.fullName ?? 'Seeded Subject',
      locale: options.locale ?? 'fr',
      ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
      details: {},
      verifiedAt,
      dueAt,
      extendedDueAt: options.extendedDueAt ?? null,
      extensionMonths: options.extendedDueAt ? 1 : null,
      assigneeId: options.assigneeId ?? null,
    },
    select: { id: true, reference: true },
  });
}

export function act(
  t: TestApp,
  headers: Record<string, string>,
  reference: string,
  payload: Record<string, unknown>,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/requests/${reference}/actions`,
    headers,
    payload,
  });
}

export function detail(t: TestApp, headers: Record<string, string>, reference: string) {
  return t.app.inject({ method: 'GET', url: `/api/v1/staff/requests/${reference}`, headers });
}
