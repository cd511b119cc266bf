// `npm run bench`: every benchmark script in sequence, each in its own process (as it runs alone),
// then one table of what they measured: figure, value, goal, pass/fail. A script that fails leaves
// its figures as "not measured". Timing goals live here, never in tests.
//   npx tsx tests/bench/all.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './support/report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPTS: Array<{ file: string; flags?: string[]; figures: string[] }> = [
  { file: 'queue.ts', figures: ['P3 depth ÷ page 1', 'P3 filtered ÷ unfiltered'] },
  { file: 'export.ts', flags: ['--expose-gc'], figures: ['P6 collect only (500k rows)'] },
  {
    file: 'fulfilment-export.ts',
    figures: ['P6 time(100k) ÷ time(10k)', 'P6 peak RSS(100k) ÷ peak RSS(10k)'],
  },
  { file: 'fulfilment-latency.ts', figures: ['P11 fulfil → package ready'] },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-results-'));
const results = path.join(dir, 'results.jsonl');
const figures: Figure[] = [];
const started = Date.now();
try {
  for (const script of SCRIPTS) {
    process.stdout.write(`\n=== ${script.file}\n`);
    const t0 = Date.now();
    const run = spawnSync(
      process.execPath,
      [...(script.flags ?? []), '--import', 'tsx', path.join(here, script.file)],
      { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } },
    );
    process.stdout.write(`=== ${script.file}: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    const got = readLines(results).slice(figures.length);
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
process.stdout.write(`\nBenchmarks (${((Date.now() - started) / 60000).toFixed(1)} min)\n`);
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
