import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Vitest globalSetup of the `browser` project: Chromium must be installed (Debian package, via
// scripts/ensure-chromium.mjs) and web/dist must be at least as new as the web sources.

const repoDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const webDir = join(repoDir, 'web');
const distIndex = join(webDir, 'dist', 'index.html');
const WEB_SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function ensureChromium(): void {
  const result = spawnSync(process.execPath, [join(repoDir, 'scripts', 'ensure-chromium.mjs')], {
    cwd: repoDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(
      'Browser tests need Debian Chromium at /usr/bin/chromium and it could not be installed. ' +
        'Run `sudo apt-get update && sudo apt-get install -y chromium` (or `node scripts/ensure-chromium.mjs` as root).',
    );
  }
}

function ensureWebBuild(): void {
  const sources = Math.max(...WEB_SOURCES.map((p) => newestMtime(join(webDir, p))));
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs >= sources) return;
  console.log('[browser-setup] web/dist missing or older than web sources: npm run build -w web');
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const result = spawnSync('npm', ['run', 'build', '-w', 'web'], {
    cwd: repoDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('`npm run build -w web` failed; browser tests need web/dist.');
}

export default function setup(): void {
  ensureChromium();
  ensureWebBuild();
}
