// P8: gzip size of the JS the public pages load before first render ÷ a bare React + react-router
// app built with the same Vite in this run (web/scripts/bundle-size.mjs), after a fresh `vite build`;
// and no staff code among the initial files (staff routes are lazy chunks).
//   npx tsx tests/bench/bundle.ts
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { report } from './support/report.ts';
import { buildWeb, repoRoot } from './support/web-build.ts';

const dist = buildWeb();
const run = spawnSync(
  process.execPath,
  [path.join(repoRoot, 'web', 'scripts', 'bundle-size.mjs'), '--json'],
  {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, WEB_DIST: dist },
  },
);
if (run.status !== 0) throw new Error(`bundle-size.mjs failed: ${run.stderr}`);
const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
  publicInitialJsGzipKb: number;
  baselineGzipKb: number;
  ratio: number;
  initialFiles: string[];
};
const STAFF = /(staff|login|queue|request-detail|dashboard|users)-/;
const staffInitial = result.initialFiles.filter((f) => STAFF.test(path.basename(f)));
report({
  figure: 'P8 public initial JS gzip ÷ bare React+router',
  value: result.ratio.toFixed(2),
  goal: '≤ 1.4, staff lazy',
  pass: result.ratio <= 1.4 && staffInitial.length === 0,
  note: `${result.publicInitialJsGzipKb} kB vs ${result.baselineGzipKb} kB (${result.initialFiles.join(', ')})${staffInitial.length ? `; staff code loaded first: ${staffInitial.join(', ')}` : ''}`,
});
