// R16: SIGTERM while clients send intakes back to back on keep-alive connections. The real process
// (api/src/server.ts) on its own database: requests in flight finish, later ones on the open
// connections get a 503 problem+json with Connection: close, the process exits 0 (the test waits at
// most 10 s for it), and every request answered 202 is in the database with its audit event.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrisma } from '../../api/src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-shutdown-'));
const CLIENTS = 8;
let db: TestDatabase;
let smtp: SmtpSink;
let server: ServerProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpSink();
});

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await smtp?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  connection: string;
  body: string;
}

function post(agent: Agent, port: number, ip: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/requests',
        agent,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            connection: String(res.headers.connection ?? ''),
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('finishes in-flight intakes, answers later ones 503, exits 0 and loses nothing acknowledged', async () => {
  server = await startServerProcess({
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    },
  });
  const { child, exited, port } = server;
  const output = server.output;

  const answers: Answer[] = [];
  let refused = 0;
  let seq = 0;
  let stop = false;
  let signalled = false;
  let answersAtSignal = 0;
  const client = async (n: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (!stop) {
      seq += 1;
      const body = JSON.stringify({
        type: 'access',
        email: `shutdown.${n}.${seq}@example.test`,
        fullName: 'Shutdown Subject',
        locale: 'en',
        details: { scope: 'all' },
      });
      try {
        answers.push(await post(agent, port, `10.160.${seq >> 8}.${seq & 255}`, body));
        if (answers.length >= 40 && !signalled) {
          signalled = true;
          answersAtSignal = answers.length;
          child.kill('SIGTERM');
        }
      } catch {
        // The listener is closed once draining starts: a new connection is refused. Not an answer.
        refused += 1;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    agent.destroy();
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));

  // At most 10 s from SIGTERM to exit (R16), whatever the clients keep sending.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (signalled) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  const code = await Promise.race([
    exited,
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
  ]);
  stop = true;
  await Promise.all(clients);
  expect(code, `exit after SIGTERM\n${output()}`).toBe(0);

  const statuses = new Set(answers.map((a) => a.status));
  expect([...statuses].every((s) => s === 202 || s === 503)).toBe(true);
  const unavailable = answers.filter((a) => a.status === 503);
  for (const answer of unavailable) {
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 503, code: 'service_unavailable' });
  }
  const accepted = answers.filter((a) => a.status === 202).map((a) => JSON.parse(a.body).reference as string);
  expect(accepted.length).toBeGreaterThanOrEqual(answersAtSignal - CLIENTS);

  const prisma = createPrisma(db.url);
  try {
    const rows = await prisma.request.findMany({
      where: { reference: { in: accepted } },
      select: { reference: true, _count: { select: { events: true } } },
    });
    expect(rows.map((r) => r.reference).sort()).toEqual([...accepted].sort());
    expect(rows.every((r) => r._count.events >= 1)).toBe(true);
  } finally {
    await prisma.$disconnect();
  }
  console.log(
    `R16: ${accepted.length} × 202, ${unavailable.length} × 503, ${refused} connections refused after close, exit ${code}`,
  );
}, 120_000);
