import { createJobs, type Jobs } from '@dsr/api/jobs/boss';
import { MAIL_QUEUE } from '@dsr/api/mail/mail.types';
import { registerMailWorker } from '@dsr/api/mail/mail.worker';
import { queueMail } from '@dsr/api/mail/mailer';
import { createTransport, type MailTransport } from '@dsr/api/mail/transport';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { freePort, type SmtpSink, startSmtpSink } from '../support/smtp.ts';

// An SMTP outage delays mail, it never loses it (R14 of docs/quality.md, in small).
const N = 50;
const logs: string[] = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push(JSON.stringify({ ...obj, msg })),
  warn: (obj: object, msg?: string) => logs.push(JSON.stringify({ ...obj, msg })),
  error: (obj: object, msg?: string) => logs.push(JSON.stringify({ ...obj, msg })),
};
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let jobs: Jobs;
let transport: MailTransport;
let sink: SmtpSink | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await jobs?.stop();
  transport?.close();
  await sink?.stop();
  await db?.drop();
});

async function jobStates(): Promise<Record<string, number>> {
  const client = new pg.Client(db.url);
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state',
      [MAIL_QUEUE],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    await client.end();
  }
}

test('mail queued while SMTP is down is delivered once it is back, each message exactly once', async () => {
  const port = await freePort(); // nothing listens there yet: connection refused
  jobs = await createJobs({ databaseUrl: db.url, logger });
  transport = createTransport({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    outboxDir: '/nonexistent',
    from: 'portal@example.test',
    logger,
  });
  await registerMailWorker(jobs, transport, {
    logger,
    policy: { retryDelay: 1, retryBackoff: false },
    pollingIntervalSeconds: 0.5,
  });

  const queued = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      queueMail(jobs, {
        to: `subject-${i}@example.test`,
        subject: `Receipt ${i}`,
        text: `Hello ${i}`,
        html: `<p>Hello ${i}</p>`,
      }),
    ),
  );

  await new Promise((r) => setTimeout(r, 3000));
  const during = await jobStates();
  expect(during.completed ?? 0).toBe(0);
  expect(during.failed ?? 0).toBe(0);
  expect((during.created ?? 0) + (during.retry ?? 0) + (during.active ?? 0)).toBe(N);
  expect(during.retry ?? 0).toBeGreaterThan(0); // sends were attempted and failed

  sink = await startSmtpSink({ port });
  await sink.waitFor((m) => m.length >= N, 20_000);
  await new Promise((r) => setTimeout(r, 2000)); // any duplicate would show up by now

  const received = sink.messages.map((m) => m.messageId);
  expect(received).toHaveLength(N);
  expect(new Set(received)).toEqual(new Set(queued.map((q) => q.messageId)));
  expect(await jobStates()).toEqual({ completed: N });

  const byId = new Map(sink.messages.map((m) => [m.messageId, m]));
  const first = byId.get(queued[7]!.messageId)!;
  expect(first.to).toEqual(['subject-7@example.test']);
  expect(first.subject).toBe('Receipt 7');

  // Logs name jobs and Message-IDs, never recipients (R10, docs/quality.md).
  expect(logs.some((l) => l.includes('mail: send failed'))).toBe(true);
  expect(logs.join('\n')).not.toMatch(/subject-\d+@/);
});
