import type { ControllerConfig } from '@dsr/shared/controller';
import type { Locale } from '@dsr/shared/text';
import type { Db, PrismaClient } from '../../db/types.ts';
import type { Jobs, JobsLogger, QueuePolicy } from '../../jobs/boss.ts';
import { renderLayout } from '../../mail/layout.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { erasureOf } from './fulfilment-view.ts';
import { signedPost } from './webhook-http.ts';

// Art. 19 GDPR: after a completed rectification, erasure or restriction, each recipient of the
// controller file whose categories overlap the data the request changed is told. The
// `art19-notices` reaction (events/reactions/) writes one recipient_notices row per recipient and
// queues its mail, or for a recipient with a `url`, a signed webhook delivered by the worker below
// (retried with backoff, then `failed`). Every step is audited; the subject's view lists them.

export const ART19_TYPES = ['rectification', 'erasure', 'restriction'] as const;
export const ART19_DELIVERY_QUEUE = 'art19.deliver';
export interface Art19Job {
  noticeId: string;
}
export const ART19_QUEUE_POLICY = {
  retryLimit: 13,
  retryDelay: 20,
  retryBackoff: true,
  expireInSeconds: 120,
  retentionMinutes: 7 * 24 * 60,
} satisfies QueuePolicy;

type Recipient = ControllerConfig['recipients'][number];

/**
 * The data categories a completed request changed, from the results kept on its sources: an erasure's
 * tables where rows were erased or anonymised, other types' tables with rows. Null when no source
 * recorded categories (a webhook or manual source only, or effects recorded without tables): then
 * every recipient is told, as the controller cannot show it did not disclose what changed.
 */
export async function affectedCategories(db: Db, requestId: string): Promise<Set<string> | null> {
  const rows = await db.fulfilmentSource.findMany({
    where: { requestId, state: 'done' },
    select: { result: true },
  });
  const found = new Set<string>();
  let recorded = false;
  for (const row of rows) {
    const erasure = erasureOf(row.result);
    if (erasure) {
      recorded = true;
      for (const t of erasure) if (t.erased + t.anonymised > 0) found.add(t.category.toLowerCase());
      continue;
    }
    const tables = (row.result as { tables?: Record<string, { rows?: number; category?: string }> } | null)
      ?.tables;
    for (const t of Object.values(tables ?? {})) {
      if (!t.category) continue;
      recorded = true;
      if ((t.rows ?? 0) > 0) found.add(t.category.toLowerCase());
    }
  }
  return recorded ? found : null;
}

/** The recipients to tell and, per recipient, the categories the notice is about. */
export function recipientsToNotify(
  recipients: readonly Recipient[],
  affected: Set<string> | null,
): Array<{ recipient: Recipient; categories: string[] }> {
  return recipients.flatMap((recipient) => {
    const categories = affected
      ? recipient.categories.filter((c) => affected.has(c.toLowerCase()))
      : recipient.categories;
    return categories.length > 0 ? [{ recipient, categories }] : [];
  });
}

const RIGHT = {
  rectification: { fr: 'rectification (article 16 du RGPD)', en: 'rectification (Article 16 GDPR)' },
  erasure: { fr: 'effacement (article 17 du RGPD)', en: 'erasure (Article 17 GDPR)' },
  restriction: {
    fr: 'limitation du traitement (article 18 du RGPD)',
    en: 'restriction of processing (Article 18 GDPR)',
  },
} as const;
type Art19Type = keyof typeof RIGHT;

/** The notice mailed to a recipient: which right, for whom (their address, so they can act), which data. */
export function art19Mail(input: {
  to: string;
  recipientName: string;
  locale: Locale;
  reference: string;
  type: Art19Type;
  subjectEmail: string;
  categories: string[];
  controller: Pick<ControllerConfig, 'name' | 'contactEmail' | 'postalAddress'>;
}): RenderedMail {
  const { controller, reference, locale } = input;
  const fr = locale === 'fr';
  const right = RIGHT[input.type][locale];
  const rendered = renderLayout({
    locale,
    title: fr ? 'Notification au titre de l’article 19 du RGPD' : 'Notice under Article 19 GDPR',
    paragraphs: fr
      ? [
          `Bonjour ${input.recipientName},`,
          `${controller.name} a donné suite à une demande de ${right} de la personne dont l’adresse e-mail est ${input.subjectEmail} (demande ${reference}).`,
          `Données concernées, que nous vous avons communiquées${'\u202f'}: ${input.categories.join(', ')}.`,
          'Merci d’appliquer la même mesure aux données de cette personne que vous détenez.',
        ]
      : [
          `Hello ${input.recipientName},`,
          `${controller.name} has acted on a request for ${right} from the person whose e-mail address is ${input.subjectEmail} (request ${reference}).`,
          `Data concerned, which we disclosed to you: ${input.categories.join(', ')}.`,
          'Please apply the same measure to the data about this person that you hold.',
        ],
    footer: [
      `${controller.name} — ${controller.postalAddress}`,
      fr ? `Contact${'\u202f'}: ${controller.contactEmail}` : `Contact: ${controller.contactEmail}`,
    ],
  });
  const subject = fr
    ? `Article 19 du RGPD${'\u202f'}: ${RIGHT[input.type].fr.split(' (')[0]} (demande ${reference})`
    : `Article 19 GDPR: ${RIGHT[input.type].en.split(' (')[0]} (request ${reference})`;
  return { to: input.to, subject, ...rendered };
}

export interface Art19Deps {
  prisma: PrismaClient;
  controller: ControllerConfig;
  logger: JobsLogger;
}

/** The webhook notices' worker: one signed POST per job, retried by pg-boss, `failed` after the last try. */
export async function registerArt19Worker(
  jobs: Pick<Jobs, 'ensureQueue' | 'work'>,
  deps: Art19Deps,
  options: { policy?: QueuePolicy; pollingIntervalSeconds?: number } = {},
): Promise<void> {
  const policy = { ...ART19_QUEUE_POLICY, ...options.policy };
  await jobs.ensureQueue(ART19_DELIVERY_QUEUE, policy);
  await jobs.work<Art19Job>(
    ART19_DELIVERY_QUEUE,
    async (job) => {
      await deliverNotice(deps, job.data.noticeId, (policy.retryLimit ?? 0) + 1);
      deps.logger.info({ jobId: job.id }, 'art19: notice delivered');
    },
    { batchSize: 4, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
  );
}

/** Sends one webhook notice; throws to be retried, marks it failed on the last attempt. */
export async function deliverNotice(deps: Art19Deps, noticeId: string, maxAttempts: number): Promise<void> {
  const { prisma } = deps;
  const notice = await prisma.recipientNotice.findUnique({
    where: { id: noticeId },
    select: {
      id: true,
      requestId: true,
      recipient: true,
      categories: true,
      state: true,
      attempts: true,
      request: { select: { reference: true, type: true, email: true } },
    },
  });
  if (notice?.state !== 'queued') return;
  const recipient = deps.controller.recipients.find((r) => r.name === notice.recipient);
  const attempt = notice.attempts + 1;
  await prisma.recipientNotice.update({ where: { id: notice.id }, data: { attempts: attempt } });
  let error: string | null = null;
  if (!recipient?.url || !recipient.secret) {
    error = 'recipient_unknown: the controller file no longer lists this recipient with a url';
  } else {
    const body = JSON.stringify({
      id: notice.id,
      event: 'dsr.art19_notice',
      reference: notice.request.reference,
      type: notice.request.type,
      subject: { email: notice.request.email },
      categories: notice.categories,
    });
    try {
      const target = { url: recipient.url, secret: recipient.secret, timeoutSeconds: 10 };
      const res = await signedPost(target, body, new Date());
      await res.body?.cancel();
      if (!res.ok) error = `recipient_status: answered ${res.status}`;
    } catch {
      error = 'recipient_unreachable: no answer';
    }
  }
  if (error === null) {
    await prisma.$transaction(async (tx) => {
      const updated = await tx.recipientNotice.updateMany({
        where: { id: notice.id, state: 'queued' },
        data: { state: 'sent', sentAt: new Date(), lastError: null },
      });
      if (updated.count !== 1) return;
      await appendAudit(tx, {
        requestId: notice.requestId,
        actor: { type: 'system' },
        type: 'recipient.notified',
        data: { noticeId: notice.id, recipient: notice.recipient, channel: 'webhook' },
      });
    });
    return;
  }
  if (attempt < maxAttempts) {
    await prisma.recipientNotice.update({ where: { id: notice.id }, data: { lastError: error } });
    throw new Error(`art19: notice to a recipient failed (${error.split(':')[0]}), will retry`);
  }
  await prisma.$transaction(async (tx) => {
    await tx.recipientNotice.update({
      where: { id: notice.id },
      data: { state: 'failed', lastError: error },
    });
    await appendAudit(tx, {
      requestId: notice.requestId,
      actor: { type: 'system' },
      type: 'recipient.notice_failed',
      data: { noticeId: notice.id, recipient: notice.recipient, code: error?.split(':')[0] ?? 'error' },
    });
  });
}
