// `npm run bench`: every benchmark script in sequence, each in its own process (as it runs alone),
// then one table of what they measured, P1 to P11: figure, value, goal, pass/fail, and the same as
// JSON (bench-results.json, or the file BENCH_JSON names). A script that fails leaves its figures as
// "not measured". Timing goals live here, never in tests. `--quick` runs every script at a small
// size (a few minutes in all): a smoke run whose figures are not the goals' measurements.
//   npx tsx tests/bench/all.ts [--quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './support/report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.argv.includes('--quick');
const SCRIPTS: Array<{
  file: string;
  flags?: string[];
  args?: string[];
  quick?: string[];
  figures: string[];
}> = [
  {
    file: 'intake.ts',
    quick: ['--quick'],
    figures: [
      'P1 intake req/s full ÷ bare',
      'P2 intake p99 full ÷ bare',
      'P5 event-loop delay p99 under P1 load',
      'P4 RSS after load ÷ idle',
      'P4 heap after load 3 ÷ load 1',
    ],
  },
  { file: 'queue.ts', quick: ['20000'], figures: ['P3 depth ÷ page 1', 'P3 filtered ÷ unfiltered'] },
  { file: 'export.ts', flags: ['--expose-gc'], quick: ['20000'], figures: ['P6 collect only (500k rows)'] },
  {
    file: 'fulfilment-export.ts',
    quick: ['500', '5000'],
    figures: ['P6 time(100k) ÷ time(10k)', 'P6 peak RSS(100k) ÷ peak RSS(10k)'],
  },
  { file: 'mail.ts', quick: ['--quick'], figures: ['P7 mail backlog drain ÷ sink capacity'] },
  { file: 'bundle.ts', figures: ['P8 public initial JS gzip ÷ bare React+router'] },
  {
    file: 'lighthouse.ts',
    quick: ['--quick'],
    figures: [
      'P9 Lighthouse mobile policy /',
      'P9 Lighthouse mobile form /request?type=rectification',
      'P9 Lighthouse mobile status /status',
    ],
  },
  { file: 'start.ts', figures: ['P10 start, cold data dir', 'P10 start, warm'] },
  {
    file: 'fulfilment-latency.ts',
    quick: ['2'],
    figures: [
      'P11 fulfil → package ready',
      'P11 consent withdrawal → applied in the source after verification',
    ],
  },
];
const only = process.env.BENCH_ONLY?.split(',');

const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-results-'));
const results = path.join(dir, 'results.jsonl');
const figures: Figure[] = [];
let linesRead = 0; // results.jsonl lines taken so far (a failed script's placeholders are not in it)
const started = Date.now();
try {
  for (const script of SCRIPTS) {
    if (only && !only.includes(script.file)) continue;
    process.stdout.write(`\n=== ${script.file}\n`);
    const t0 = Date.now();
    const run = spawnSync(
      process.execPath,
      [
        ...(script.flags ?? []),
        '--import',
        'tsx',
        path.join(here, script.file),
        ...(QUICK ? (script.quick ?? []) : (script.args ?? [])),
      ],
      { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } },
    );
    process.stdout.write(`=== ${script.file}: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    const lines = readLines(results);
    const got = lines.slice(linesRead);
    linesRead = lines.length;
    figures.push(...got);
    if (run.status !== 0 && got.length === 0) {
      for (const figure of script.figures) {
        figures.push({ figure, value: null, goal: '', pass: null, note: `${script.file} failed` });
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows = figures.map((f) => ({
  figure: f.figure,
  measured: f.value ?? `not measured${f.note ? ` (${f.note.replace(/^not measured \((.*)\)$/, '$1')})` : ''}`,
  goal: f.goal,
  result: f.pass === null ? '' : f.pass ? 'pass' : 'FAIL',
}));
const widths = (['figure', 'measured', 'goal', 'result'] as const).map((k) =>
  Math.max(k.length, ...rows.map((r) => r[k].length)),
);
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
const minutes = (Date.now() - started) / 60000;
const load = os.loadavg().map((l) => l.toFixed(1));
process.stdout.write(
  `\nBenchmarks${QUICK ? ' --quick (small sizes: a smoke run, not the goals)' : ''} (${minutes.toFixed(1)} min, ${os.cpus().length} CPUs, load average at the end ${load.join(' ')})\n`,
);
process.stdout.write(`${line(['figure', 'measured', 'goal', 'result'])}\n`);
process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
for (const r of rows) process.stdout.write(`${line([r.figure, r.measured, r.goal, r.result])}\n`);
for (const f of figures) if (f.note && f.value !== null) process.stdout.write(`  ${f.figure}: ${f.note}\n`);

function readLines(file: string): Figure[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Figure);
  } catch {
    return [];
  }
}

const json = process.env.BENCH_JSON ?? path.resolve('bench-results.json');
writeFileSync(
  json,
  `${JSON.stringify({ quick: QUICK, finishedAt: new Date().toISOString(), minutes, cpus: os.cpus().length, loadAverage: os.loadavg(), figures }, null, 2)}\n`,
);
process.stdout.write(`JSON: ${json}\n`);
