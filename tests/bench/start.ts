// P10: `npm start` (scripts/start.mjs: web build if stale, embedded PostgreSQL, migrations, workers,
// HTTP) to the first 200 of GET /api/v1/health. Cold: an empty DATA_DIR (initdb, every migration);
// warm: the same DATA_DIR again after a clean stop. Goals ≤ 15 s cold, ≤ 3 s warm (absolute, as
// P10 states them in the README's performance section). The web build is made first so neither start includes it.
//   npx tsx tests/bench/start.ts [--quick]   (no difference: one cold and one warm start)
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/smtp.ts';
import { report } from './support/report.ts';
import { buildWeb } from './support/web-build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** As `npm start` runs it: the heap ceiling of package.json `config.heapMb`. */
const HEAP_MB = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { config: { heapMb: number } }
).config.heapMb;

async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, path.join(root, 'scripts', 'start.mjs')],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - t0;
      if (performance.now() - t0 > 120_000) throw new Error('no healthy answer within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  // Built first so that neither start includes it (BENCH_WEB_DIST set: web/dist is left as it is).
  if (!process.env.BENCH_WEB_DIST) buildWeb();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-start-'));
  chmodSync(dir, 0o755); // the embedded server runs as `postgres` under root
  try {
    const dataDir = path.join(dir, 'data');
    const cold = await startOnce(dataDir);
    const warm = await startOnce(dataDir);
    report({
      figure: 'P10 start, cold data dir',
      value: `${(cold / 1000).toFixed(1)} s`,
      goal: '≤ 15 s',
      pass: cold <= 15_000,
    });
    report({
      figure: 'P10 start, warm',
      value: `${(warm / 1000).toFixed(1)} s`,
      goal: '≤ 3 s',
      pass: warm <= 3_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
