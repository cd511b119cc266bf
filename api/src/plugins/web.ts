import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControllerConfig } from '@dsr/shared/controller';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { sendProblem } from './errors.ts';
import { renderShell } from './web-shell.ts';

// Serves the built SPA on the same origin as the API. Unknown paths outside /api get index.html
// (client-side routing), with the controller profile put in (web-shell.ts); unknown /api paths get
// a problem+json 404. The HTML shell is sent from memory (not precompressed): it is rewritten first.
export const webPlugin = fp<{ dist?: string | undefined; controller: ControllerConfig }>(
  async (app, { dist, controller }) => {
    const index = dist ? join(dist, 'index.html') : undefined;
    const indexHtml =
      index && existsSync(index) ? renderShell(readFileSync(index, 'utf8'), controller) : undefined;
    if (dist && indexHtml) {
      await app.register(fastifyStatic, {
        root: dist,
        index: false,
        wildcard: false,
        // The build writes .br and .gz beside each hashed asset (web/vite.config.ts): one of them is
        // sent by Accept-Encoding (q-values respected, brotli first), with `Vary: Accept-Encoding`.
        preCompressed: true,
        setHeaders: (res, path) => {
          // Hashed assets are immutable; everything else is revalidated.
          res.header(
            'cache-control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/');
      if (wantsPage && indexHtml && !/\.[a-z0-9]+$/i.test(path)) {
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      }
      // The path is not quoted back (reflected input).
      return sendProblem(reply, 404, 'route_not_found');
    });
  },
  { name: 'web' },
);
