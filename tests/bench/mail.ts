// P7: a backlog of 10,000 queued mails (`mail.send` jobs, as reactions queue them) drained by the
// portal's mail worker (registerMailWorker, default batch and policy) through the SMTP transport
// (createTransport, its default pool of 5 connections) into a local SMTP sink running in its own
// process; against the sink's own capacity in the same run: the same number of mails of the same
// size sent straight to it with nodemailer over the same pool size, as fast as it takes them.
//   P7  drain time ÷ (mails ÷ sink capacity) ≤ 2, with every queued Message-ID received exactly once.
//   npx tsx tests/bench/mail.ts [--quick]   (--quick: 300 mails)
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { createJobs } from '../../api/src/jobs/boss.ts';
import { MAIL_QUEUE } from '../../api/src/mail/mail.types.ts';
import { MAIL_QUEUE_POLICY, registerMailWorker } from '../../api/src/mail/mail.worker.ts';
import { queueMail } from '../../api/src/mail/mailer.ts';
import { createTransport } from '../../api/src/mail/transport.ts';
import { startBenchCluster } from './support/portal.ts';
import { report } from './support/report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAILS = process.argv.includes('--quick') ? 300 : 10_000;
const POOL = 5; // the transport's default maxConnections
const FROM = 'dpo@isolectra.example';

interface Count {
  count: number;
  ids: string[];
  duplicates: string[];
}

function startSink(): Promise<{
  url: string;
  ask(cmd: 'count' | 'reset'): Promise<Count>;
  stop(): void;
  child: ChildProcess;
}> {
  const child = fork(path.join(here, 'support', 'smtp-sink-app.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp sink exited (${code})`)));
    child.once('message', (m: { ready: string }) =>
      resolve({
        url: m.ready,
        child,
        ask: (cmd) =>
          new Promise((answer) => {
            child.once('message', (reply: Count) => answer(reply));
            child.send({ cmd });
          }),
        stop: () => child.send({ cmd: 'stop' }),
      }),
    );
  });
}

function mail(i: number) {
  return {
    to: `subject.${i}@example.test`,
    subject: 'Confirmez votre demande — Confirm your request',
    text: `Bonjour,\n\nConfirmez votre demande DSR-2026-${String(i).padStart(6, '0')} : https://portal.bench/verify#token=${randomUUID()}\n\n`.repeat(
      3,
    ),
    html: `<p>Bonjour,</p><p><a href="https://portal.bench/verify#token=${randomUUID()}">Confirmer</a></p>`.repeat(
      3,
    ),
  };
}

async function waitForCount(
  sink: { ask(cmd: 'count'): Promise<Count> },
  n: number,
  timeoutMs: number,
): Promise<Count> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await sink.ask('count');
    if (got.count >= n) return got;
    if (Date.now() > deadline)
      throw new Error(`only ${got.count} of ${n} mails arrived in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const sink = await startSink();
  const cluster = await startBenchCluster();
  try {
    // The sink's own capacity: MAILS messages straight to it over a pool of POOL connections.
    const client = nodemailer.createTransport(
      { url: sink.url, pool: true, maxConnections: POOL },
      { from: FROM },
    );
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: MAILS }, (_, i) =>
        client.sendMail({ ...mail(i), messageId: `<${randomUUID()}@portal.bench>` }),
      ),
    );
    await waitForCount(sink, MAILS, 600_000);
    const sinkMs = performance.now() - t0;
    client.close();
    await sink.ask('reset');

    // The backlog: MAILS jobs queued before any worker runs.
    const databaseUrl = await cluster.createDatabase();
    const logger = pino({ level: 'warn' }, pino.destination(2));
    const jobs = await createJobs({ databaseUrl, logger, schedule: false });
    await jobs.ensureQueue(MAIL_QUEUE, MAIL_QUEUE_POLICY);
    const queued = new Set<string>();
    for (let i = 0; i < MAILS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, MAILS - i) }, (_, k) =>
          queueMail(jobs, mail(i + k), { messageIdDomain: 'portal.bench' }),
        ),
      );
      for (const q of batch) queued.add(q.messageId);
    }

    const transport = createTransport({ smtpUrl: sink.url, outboxDir: '/nonexistent', from: FROM });
    const t1 = performance.now();
    await registerMailWorker(jobs, transport, { logger });
    const first = await waitForCount(sink, MAILS, 1_800_000);
    const drainMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 3000)); // a late second copy would show up here
    const got = await sink.ask('count');
    await jobs.stop();
    transport.close();

    const received = new Set(got.ids);
    const lost = [...queued].filter((id) => !received.has(id)).length;
    const ratio = drainMs / sinkMs;
    report({
      figure: 'P7 mail backlog drain ÷ sink capacity',
      value: ratio.toFixed(2),
      goal: '≤ 2, none lost or twice',
      pass: ratio <= 2 && lost === 0 && got.duplicates.length === 0 && first.count === MAILS,
      note: `${MAILS} mails: drained in ${(drainMs / 1000).toFixed(1)} s (${((MAILS / drainMs) * 1000).toFixed(0)}/s); sink alone ${(sinkMs / 1000).toFixed(1)} s (${((MAILS / sinkMs) * 1000).toFixed(0)}/s); ${lost} lost, ${got.duplicates.length} received twice`,
    });
  } finally {
    sink.stop();
    await cluster.stop();
  }
}

await main();
