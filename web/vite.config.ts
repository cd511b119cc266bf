import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The SPA is served by the API on the same origin; in `vite dev` the API is proxied instead.
export default defineConfig({
  plugins: [react(), stylesOffTheCriticalPath(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Public pages must stay small (P8 in the README); warn well before the budget.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});

/**
 * The built stylesheet is linked with `media="print"` (not render-blocking) and marked
 * `data-dsr-styles`; main.tsx switches it to `all` once it has loaded and only then renders, so the
 * first paint is styled (no flash, no shift) without a render-blocking request or an inline script
 * (the CSP allows none).
 */
function stylesOffTheCriticalPath(): Plugin {
  return {
    name: 'dsr-styles-off-critical-path',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(
          /<link rel="stylesheet"([^>]*)>/g,
          '<link rel="stylesheet" media="print" data-dsr-styles$1>',
        ),
    },
  };
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every hashed asset (dist/assets) at build time, at the
 * highest levels, so the server picks one by Accept-Encoding without compressing per request
 * (api/src/plugins/web.ts). index.html is left alone: the server may rewrite it.
 */
function precompress(): Plugin {
  const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|map)$/;
  let outDir = 'dist';
  return {
    name: 'dsr-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!COMPRESSIBLE.test(name)) continue;
        const file = join(assets, name);
        const source = readFileSync(file);
        const br = brotliCompressSync(source, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        });
        const gz = gzipSync(source, { level: 9 });
        // Tiny files may not shrink: then the original is served.
        if (br.length < source.length) writeFileSync(`${file}.br`, br);
        if (gz.length < source.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}
