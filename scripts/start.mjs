// `npm start`: build the web app and the server bundle when their sources are newer than the builds,
// then run the server (api/dist/server.mjs, plain JavaScript: no TypeScript loader) in-process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, SERVER_BUNDLE, serverIsStale } from './build-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const dist = join(web, 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function webIsStale() {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  const sources = [join(web, 'src'), join(root, 'shared', 'src')].map(newestMtime);
  const files = ['index.html', 'vite.config.ts'].map((f) => join(web, f)).filter(existsSync);
  return Math.max(...sources, ...files.map((f) => statSync(f).mtimeMs)) > built;
}

if (existsSync(join(web, 'index.html')) && webIsStale()) {
  process.stdout.write('Building the web app…\n');
  const result = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The web build failed; see above.\n');
    process.exit(result.status ?? 1);
  }
}

if (serverIsStale()) {
  process.stdout.write('Building the server…\n');
  await buildServer();
}

await import(pathToFileURL(SERVER_BUNDLE).href);
