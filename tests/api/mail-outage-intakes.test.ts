// R14 at scale: the SMTP server is down while 1,000 subjects file a request over real HTTP (supertest
// against the listening app, one client address each behind TRUST_PROXY). Every intake is answered
// 202 there and then, whatever the mail queue does; once SMTP is back every verification mail is
// delivered, exactly once per request: one per address, no address twice, no Message-ID twice.
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAIL_QUEUE } from '../../api/src/mail/mail.types.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';

const INTAKES = 1_000;
const CONCURRENCY = 8;
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ env: { TRUST_PROXY: 'true' } });
  base = await t.listen();
});

afterAll(async () => {
  await t?.close();
});

async function mailJobs(): Promise<Record<string, number>> {
  const rows = await t.prisma.$queryRawUnsafe<Array<{ state: string; n: number }>>(
    'SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state',
    MAIL_QUEUE,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('answers 1,000 intakes 202 while SMTP is down, then delivers each verification mail exactly once', async () => {
  const started = Date.now();
  await t.smtp.stop(); // the port now refuses connections
  const addresses = Array.from({ length: INTAKES }, (_, i) => `outage.${i}@example.test`);
  const statuses: number[] = new Array(INTAKES);
  const references = new Set<string>();
  let next = 0;
  const client = async () => {
    for (let i = next++; i < INTAKES; i = next++) {
      const res = await request(base)
        .post('/api/v1/requests')
        .set('x-forwarded-for', `10.140.${i >> 8}.${i & 255}`)
        .send({
          type: 'access',
          email: addresses[i],
          fullName: `Outage Subject ${i}`,
          locale: i % 2 ? 'fr' : 'en',
          details: { scope: 'all' },
        });
      statuses[i] = res.status;
      if (res.status === 202) references.add(res.body.reference);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const intakeMs = Date.now() - started;

  // Every intake, each one checked: 202 with its own reference.
  expect(statuses.filter((s) => s !== 202)).toEqual([]);
  expect(references.size).toBe(INTAKES);

  // The mails are queued and their sends fail (SMTP refuses): retried, none given up, none sent.
  await until(
    'every verification mail queued',
    async () => {
      const states = await mailJobs();
      return Object.values(states).reduce((a, b) => a + b, 0) === INTAKES;
    },
    60_000,
  );
  await until('a send attempted and failed', async () => ((await mailJobs()).retry ?? 0) > 0, 30_000);
  const during = await mailJobs();
  expect(during.completed ?? 0).toBe(0);
  expect(during.failed ?? 0).toBe(0);
  expect(t.smtp.messages).toHaveLength(0);

  await t.smtp.start(); // SMTP is back, same port
  await t.smtp.waitFor((m) => m.length >= INTAKES, 180_000);
  // Nothing of the pipeline is left queued, retrying or running: any duplicate would have been sent.
  await pipelineSettled(t.prisma, 60_000);
  expect(await mailJobs()).toEqual({ completed: INTAKES });

  const messages = t.smtp.messages;
  expect(messages).toHaveLength(INTAKES);
  const perRecipient = new Map<string, number>();
  for (const m of messages) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  expect([...perRecipient.keys()].sort()).toEqual([...addresses].sort());
  expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(messages.map((m) => m.messageId)).size).toBe(INTAKES);
  // Each is the verification mail with its link.
  expect(messages.every((m) => /#token=[A-Za-z0-9_-]{43}/.test(m.text))).toBe(true);

  console.log(
    `R14: ${INTAKES} × 202 with SMTP down (${CONCURRENCY} clients, ${intakeMs} ms); ` +
      `${messages.length} mails delivered once SMTP was back, ${perRecipient.size} recipients, ` +
      `${Date.now() - started} ms in all`,
  );
}, 420_000);
