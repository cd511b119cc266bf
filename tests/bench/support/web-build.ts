// A fresh `vite build` for the web benchmarks (P8, P9). Into web/dist by default; into the folder
// BENCH_WEB_DIST names when set (the smoke test does, so it never rewrites the web/dist that browser
// tests may be serving at the same time). Returns the folder.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function buildWeb(): string {
  const outDir = process.env.BENCH_WEB_DIST ?? path.join(repoRoot, 'web', 'dist');
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: path.join(repoRoot, 'web'),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (build.status !== 0) throw new Error('web build failed');
  return outDir;
}
