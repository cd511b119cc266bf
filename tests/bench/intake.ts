// P1, P2, P4, P5: `POST /api/v1/requests` of the portal (as `npm start` runs it, workers included)
// against a bare Fastify route doing one `pg` INSERT into a table shaped like `requests`
// (`CREATE TABLE bare_requests (LIKE requests INCLUDING ALL)`: same columns, defaults, indexes), on
// the same embedded PostgreSQL. Each server runs in its own process; autocannon loads one at a time
// with 50 connections, the two alternated. Every request comes from a fresh client address
// (X-Forwarded-For, TRUST_PROXY=true) with a fresh e-mail address, so the per-IP and per-address
// limits are exercised on every request but never hit; the portal's requests carry an Idempotency-Key
// as the web form sends one.
//   P1  req/s full ÷ req/s bare (mean over rounds)                      ≥ 0.5
//   P2  p99 full ÷ p99 bare (mean over rounds)                          ≤ 3
//   P4  RSS after 60 s of intake load ÷ RSS idle after warm-up          ≤ 2, heap (after GC) flat over 3 loads
//   P5  p99 event-loop delay inside the portal during the P1 rounds     ≤ 50 ms (worst round)
// Each round's note also gives the CPU time per answer of the server process and of PostgreSQL
// (all its backends), read from /proc: where an answer's cost goes.
//   npx tsx tests/bench/intake.ts [--quick]   (BENCH_CPU_PROF=<file>: CPU profile of the portal under load;
//   BENCH_REACTIONS=none: the portal without its reactions to request events, a diagnostic)
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuOf, cpuOfPostgres } from './support/cpu.ts';
import { sql, startBenchCluster } from './support/portal.ts';
import { report } from './support/report.ts';
import type { ServedCommand, ServedStats } from './support/served.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 1 : 2;
const ROUND_SECONDS = QUICK ? 3 : 10;
const MEMORY_LOAD_SECONDS = QUICK ? 3 : 20; // × 3 loads = 60 s in the full run
const CONNECTIONS = 50;
/** The heap ceiling `npm start` gives the server (package.json `config.heapMb`). */
const HEAP_MB = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    config: { heapMb: number };
  }
).config.heapMb;
/** BENCH_CPU_PROF=<file.cpuprofile>: a V8 CPU profile of the portal during its first P1 round. */
const PROFILE = process.env.BENCH_CPU_PROF;

interface Served {
  port: number;
  child: ChildProcess;
  ask(cmd: ServedCommand['cmd'], file?: string): Promise<unknown>;
  stats(): Promise<ServedStats>;
  stop(): Promise<void>;
}

async function serve(script: string, databaseUrl: string, execArgv: string[] = []): Promise<Served> {
  const child = fork(path.join(here, 'support', script), [databaseUrl], {
    execArgv: [...execArgv, '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    child.on('message', (message: { ready?: number; id?: number; value?: unknown }) => {
      if (message.ready !== undefined) resolve(message.ready);
      else if (message.id !== undefined) waiting.get(message.id)?.(message.value);
    });
  });
  const ask = (cmd: ServedCommand['cmd'], file?: string) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, cmd, ...(file ? { file } : {}) } satisfies ServedCommand);
    });
  return {
    port,
    child,
    ask,
    stats: () => ask('stats') as Promise<ServedStats>,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: next++, cmd: 'stop' } satisfies ServedCommand);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

let sequence = 0;
/** A fresh client address and e-mail address per request. */
function nextClient(): { ip: string; email: string } {
  const i = ++sequence;
  return { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, email: `bench.${i}@example.test` };
}

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU ms per answer of the server process and of PostgreSQL during the load (null: not measured). */
  appMs: number | null;
  dbMs: number | null;
}

async function load(
  target: Pick<Served, 'port' | 'child'>,
  url: string,
  seconds: number,
  portal: boolean,
  dataDir: string,
): Promise<Load> {
  const before = { app: cpuOf(target.child.pid), db: cpuOfPostgres(dataDir) };
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: url,
        setupRequest: (request) => {
          const client = nextClient();
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': client.ip,
              ...(portal ? { 'idempotency-key': `bench-${sequence}` } : {}),
            },
            body: JSON.stringify({
              type: 'access',
              email: client.email,
              fullName: 'Camille Bench-Martin',
              locale: 'fr',
              details: {},
            }),
          };
        },
      },
    ],
  });
  const after = { app: cpuOf(target.child.pid), db: cpuOfPostgres(dataDir) };
  const perAnswer = (a: number | null, b: number | null) =>
    a === null || b === null || result.requests.total === 0 ? null : (b - a) / result.requests.total;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    appMs: perAnswer(before.app, after.app),
    dbMs: perAnswer(before.db, after.db),
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function main(): Promise<void> {
  const cluster = await startBenchCluster();
  let full: Served | undefined;
  let bare: Served | undefined;
  try {
    const url = await cluster.createDatabase();
    await sql(url, 'CREATE TABLE bare_requests (LIKE requests INCLUDING ALL)');
    full = await serve('intake-app.ts', url, ['--expose-gc', `--max-old-space-size=${HEAP_MB}`]);
    bare = await serve('bare-app.ts', url);
    const FULL = '/api/v1/requests';
    const BARE = '/bare';

    // Warm-up (JIT, pools, caches), then the portal's idle memory.
    await load(bare, BARE, 3, false, cluster.dataDir);
    await load(full, FULL, 3, true, cluster.dataDir);
    await new Promise((r) => setTimeout(r, 3000));
    await full.ask('gc');
    const idle = await full.stats();

    const bareRounds: Load[] = [];
    const fullRounds: Load[] = [];
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRounds.push(await load(bare, BARE, ROUND_SECONDS, false, cluster.dataDir));
      await full.ask('reset-delay');
      if (PROFILE && round === 0) await full.ask('profile-start');
      fullRounds.push(await load(full, FULL, ROUND_SECONDS, true, cluster.dataDir));
      if (PROFILE && round === 0) await full.ask('profile-stop', PROFILE);
      delays.push((await full.stats()).delayP99Ms);
    }
    const failures = [...bareRounds, ...fullRounds].reduce((n, r) => n + r.non2xx + r.errors, 0);
    const cpu = (ms: number | null) => (ms === null ? 'not measured' : `${ms.toFixed(2)} ms`);
    const detail = (rounds: Load[]) =>
      rounds
        .map(
          (r) =>
            `${r.rps.toFixed(0)} req/s p99 ${r.p99} ms (CPU per answer: app ${cpu(r.appMs)}, PostgreSQL ${cpu(r.dbMs)})`,
        )
        .join(', ');
    const note = `full: ${detail(fullRounds)}; bare: ${detail(bareRounds)}; ${ROUNDS} × ${ROUND_SECONDS} s each, ${CONNECTIONS} connections${failures ? `; ${failures} answers were not 2xx or failed: the figure is not valid` : ''}`;
    const p1 = mean(fullRounds.map((r) => r.rps)) / mean(bareRounds.map((r) => r.rps));
    const p2 = mean(fullRounds.map((r) => r.p99)) / Math.max(1, mean(bareRounds.map((r) => r.p99)));
    const valid = failures === 0;
    report({
      figure: 'P1 intake req/s full ÷ bare',
      value: p1.toFixed(2),
      goal: '≥ 0.5',
      pass: valid && p1 >= 0.5,
      note,
    });
    report({
      figure: 'P2 intake p99 full ÷ bare',
      value: p2.toFixed(2),
      goal: '≤ 3',
      pass: valid && p2 <= 3,
      note,
    });
    const p5 = Math.max(...delays);
    report({
      figure: 'P5 event-loop delay p99 under P1 load',
      value: `${p5.toFixed(1)} ms`,
      goal: '≤ 50 ms',
      pass: p5 <= 50,
      note: `per round: ${delays.map((d) => `${d.toFixed(1)} ms`).join(', ')}`,
    });

    // P4: three loads; RSS after the last against idle, the heap after GC after each.
    const heaps: number[] = [];
    let rss = 0;
    for (let i = 0; i < 3; i++) {
      const got = await load(full, FULL, MEMORY_LOAD_SECONDS, true, cluster.dataDir);
      if (got.non2xx + got.errors > 0)
        throw new Error(`P4 load ${i + 1}: ${got.non2xx + got.errors} failed answers`);
      rss = (await full.stats()).rssBytes;
      await full.ask('gc');
      heaps.push((await full.stats()).heapUsedBytes);
    }
    const p4 = rss / idle.rssBytes;
    const heapGrowth = heaps[2]! / heaps[0]!;
    report({
      figure: 'P4 RSS after load ÷ idle',
      value: p4.toFixed(2),
      goal: '≤ 2',
      pass: p4 <= 2,
      note: `idle ${mb(idle.rssBytes)}, after ${3 * MEMORY_LOAD_SECONDS} s of load ${mb(rss)}`,
    });
    report({
      figure: 'P4 heap after load 3 ÷ load 1',
      value: heapGrowth.toFixed(2),
      goal: '≤ 1.1 (flat)',
      pass: heapGrowth <= 1.1,
      note: `heap after GC: ${heaps.map(mb).join(', ')}`,
    });
  } finally {
    await full?.stop();
    await bare?.stop();
    await cluster.stop();
  }
}

await main();
