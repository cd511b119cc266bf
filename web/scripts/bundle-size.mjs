#!/usr/bin/env node
// P8 (README, Performance): gzip size of the JS a public page loads before first render (the entry script
// and its modulepreloads in dist/index.html), against a bare React + react-router app built
// with the same Vite setup in this run. Usage: node web/scripts/bundle-size.mjs [--json]
// (run `npm run build -w web` first; WEB_DIST=<folder> reads another build). Staff chunks are listed
// separately: they must be lazy.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(webDir, '..');

function gzipKb(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1000;
}

/** Entry module + modulepreloads referenced by an index.html, as absolute paths. */
function initialScripts(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set([...srcs, ...preloads])].map((url) => join(distDir, url.replace(/^\//, '')));
}

async function buildBaseline() {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  // Inside the repository so react and react-router resolve from its node_modules.
  const root = join(repoDir, 'node_modules', '.cache', 'bare-react-router-app');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head>' +
      '<body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>',
  );
  writeFileSync(
    join(root, 'main.jsx'),
    [
      "import { createRoot } from 'react-dom/client';",
      "import { createBrowserRouter } from 'react-router';",
      "import { RouterProvider } from 'react-router/dom';",
      "const router = createBrowserRouter([{ path: '/', element: <h1>Hello</h1> }]);",
      "createRoot(document.getElementById('root')).render(<RouterProvider router={router} />);",
    ].join('\n'),
  );
  await build({ root, configFile: false, logLevel: 'silent', plugins: [react()], build: { outDir: 'dist' } });
  return initialScripts(join(root, 'dist'));
}

const distDir = process.env.WEB_DIST ? resolve(process.env.WEB_DIST) : join(webDir, 'dist');
const initial = initialScripts(distDir);
const initialKb = initial.reduce((sum, file) => sum + gzipKb(file), 0);
const assets = join(distDir, 'assets');
const lazy = readdirSync(assets)
  .filter((f) => f.endsWith('.js') && !initial.includes(join(assets, f)))
  .map((f) => ({ file: f, gzipKb: gzipKb(join(assets, f)) }));
const baselineKb = (await buildBaseline()).reduce((sum, file) => sum + gzipKb(file), 0);

const result = {
  publicInitialJsGzipKb: Number(initialKb.toFixed(1)),
  baselineGzipKb: Number(baselineKb.toFixed(1)),
  ratio: Number((initialKb / baselineKb).toFixed(2)),
  goal: 1.4,
  initialFiles: initial.map((f) => f.slice(distDir.length + 1)),
  lazyChunks: lazy.map((c) => ({ file: c.file, gzipKb: Number(c.gzipKb.toFixed(2)) })),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else {
  console.log(
    `public initial JS (gzip -9, kB = 1000 B): ${result.publicInitialJsGzipKb} kB  (${result.initialFiles.join(', ')})`,
  );
  console.log(`bare React + react-router:   ${result.baselineGzipKb} kB`);
  console.log(`ratio: ${result.ratio} (goal <= ${result.goal})`);
  for (const c of result.lazyChunks) console.log(`  lazy ${c.file}: ${c.gzipKb} kB`);
}
