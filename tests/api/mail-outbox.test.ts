import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobs, type Jobs } from '@dsr/api/jobs/boss';
import { renderLayout } from '@dsr/api/mail/layout';
import { registerMailWorker } from '@dsr/api/mail/mail.worker';
import { queueMail } from '@dsr/api/mail/mailer';
import { createTransport, type MailTransport } from '@dsr/api/mail/transport';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { parseMessage } from '../support/smtp.ts';

// Without SMTP settings, mail is written to a local outbox folder (README, `SMTP_URL`).
const logs: string[] = [];
const log = (obj: object, msg?: string) => logs.push(JSON.stringify({ ...obj, msg }));
const logger = { info: log, warn: log, error: log };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let outboxDir: string;
let jobs: Jobs;
let transport: MailTransport;

beforeAll(async () => {
  db = await createTestDatabase();
  outboxDir = join(await mkdtemp(join(tmpdir(), 'dsr-outbox-')), 'outbox'); // created on first mail
});

afterAll(async () => {
  await jobs?.stop();
  transport?.close();
  await db?.drop();
  await rm(join(outboxDir, '..'), { recursive: true, force: true });
});

test('without SMTP_URL a queued mail lands as a complete .eml file in the outbox folder', async () => {
  jobs = await createJobs({ databaseUrl: db.url, logger });
  transport = createTransport({ outboxDir, from: 'Isolectra DPO <dpo@example.test>', logger });
  expect(transport.mode).toBe('outbox');
  expect(logs.join('\n')).toContain(`mail: no SMTP_URL, writing .eml files to ${outboxDir}`);
  await registerMailWorker(jobs, transport, { logger, pollingIntervalSeconds: 0.5 });

  const body = renderLayout({
    locale: 'fr',
    title: 'Accusé de réception',
    paragraphs: ['Votre demande <R-2025-0001> a été reçue.', 'Échéance : 14 février.'],
    action: { label: 'Suivre ma demande', url: 'https://portal.example.test/r/abc?x=1&y=2' },
    footer: 'Isolectra SAS',
  });
  const { messageId } = await queueMail(jobs, {
    to: 'personne@example.test',
    subject: 'Accusé de réception — R-2025-0001',
    ...body,
  });

  let files: string[] = [];
  const deadline = Date.now() + 10_000;
  while (files.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    files = await readdir(outboxDir).catch(() => []);
  }
  expect(files).toHaveLength(1); // no leftover temporary file next to it
  const file = files[0]!;
  expect(file).toMatch(/^\d{8}T\d{9}Z-[\w.@-]+\.eml$/);
  expect(file).toContain(messageId.slice(1, -1));

  const raw = await readFile(join(outboxDir, file), 'utf8');
  expect(raw).toContain('\r\n'); // RFC 5322 line endings
  const parsed = parseMessage(raw);
  expect(parsed.subject).toBe('Accusé de réception — R-2025-0001');
  expect(parsed.messageId).toBe(messageId);
  expect(parsed.headers.get('to')).toBe('personne@example.test');
  expect(parsed.headers.get('from')).toContain('dpo@example.test');
  expect(parsed.headers.get('content-type')).toMatch(/^multipart\/alternative/);
  expect(parsed.text).toContain('Votre demande <R-2025-0001> a été reçue.');
  expect(parsed.text).toContain('https://portal.example.test/r/abc?x=1&y=2');
  expect(parsed.html).toContain('<html lang="fr">');
  expect(parsed.html).toContain('Votre demande &lt;R-2025-0001&gt; a été reçue.');
  expect(parsed.html).toContain('href="https://portal.example.test/r/abc?x=1&amp;y=2"');

  expect(logs.join('\n')).not.toContain('personne@example.test');
});
