import { createPrisma, type PrismaClient } from '@dsr/api/db/client';
import { createJobs, enqueueInTx, type Jobs } from '@dsr/api/jobs/boss';
import { prismaTxExecutor } from '@dsr/api/jobs/prisma-executor';
import { registerMailWorker } from '@dsr/api/mail/mail.worker';
import { type QueuedMail, queueMail } from '@dsr/api/mail/mailer';
import { createTransport, type MailTransport } from '@dsr/api/mail/transport';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

// STYLE habit 5: a mail is a job inserted in the caller's Prisma transaction; it is sent iff that
// transaction commits.
const logger = { info: () => {}, warn: () => {}, error: () => {} };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let jobs: Jobs;
let transport: MailTransport;
let sink: SmtpSink;
let client: pg.Client;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
  jobs = await createJobs({ databaseUrl: db.url, logger });
  transport = createTransport({ smtpUrl: sink.url, outboxDir: '/nonexistent', from: 'portal@example.test' });
  await registerMailWorker(jobs, transport, { logger, pollingIntervalSeconds: 0.5 });
  client = new pg.Client(db.url);
  await client.connect();
  prisma = createPrisma(db.url, { poolSize: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await client?.end();
  await jobs?.stop();
  transport?.close();
  await sink?.stop();
  await db?.drop();
});

const mail = (subject: string) => ({
  to: 'someone@example.test',
  subject,
  text: subject,
  html: `<p>${subject}</p>`,
});

async function jobExists(id: string): Promise<boolean> {
  const { rows } = await client.query('SELECT 1 FROM pgboss.job WHERE id = $1', [id]);
  return rows.length === 1;
}

test('a mail queued in a rolled-back transaction is never sent; one in a committed transaction is', async () => {
  let rolledBack: QueuedMail | undefined;
  await expect(
    prisma.$transaction(async (tx) => {
      rolledBack = await queueMail(prismaTxExecutor(tx), mail('rolled back'));
      throw new Error('business rule failed');
    }),
  ).rejects.toThrow('business rule failed');

  const committed = await prisma.$transaction(async (tx) => {
    const queued = await queueMail(prismaTxExecutor(tx), mail('committed'));
    await new Promise((r) => setTimeout(r, 1500)); // the worker polls meanwhile: nothing to see yet
    expect(sink.messages).toHaveLength(0);
    return queued;
  });

  await sink.waitFor((m) => m.some((x) => x.messageId === committed.messageId), 10_000);
  await new Promise((r) => setTimeout(r, 1500)); // give a wrongly surviving job time to run
  expect(sink.messages.map((m) => m.subject)).toEqual(['committed']);
  expect(sink.messages[0]!.messageId).toBe(committed.messageId);
  expect(await jobExists(rolledBack!.jobId)).toBe(false);
});

test('enqueueing to a queue that does not exist fails loudly instead of dropping the job', async () => {
  await expect(
    prisma.$transaction((tx) => enqueueInTx(prismaTxExecutor(tx), 'no.such.queue', { a: 1 })),
  ).rejects.toThrow(/queue/);
});
