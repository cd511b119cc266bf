import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import type { PrismaClient } from './db/types.ts';
import { safeEqual } from './lib/tokens.ts';

// Prometheus metrics (prom-client), served on their own listener (METRICS_PORT, on 127.0.0.1 unless
// METRICS_HOST says otherwise, optionally behind a bearer METRICS_TOKEN), never on the public port.
// Counters are this process's (Prometheus sums the instances); the job and overdue gauges are read
// from PostgreSQL at scrape time, so every instance reports the same cluster-wide figures.

/** HTTP answers by route pattern (never the raw URL: no references or tokens in labels) and status. */
export const httpRequests = new Counter({
  name: 'dsr_http_requests_total',
  help: 'HTTP answers by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [],
});

export const mailsSent = new Counter({
  name: 'dsr_mails_sent_total',
  help: 'Mails handed to the SMTP server (or written to the outbox) by this instance',
  registers: [],
});

export const mailsFailed = new Counter({
  name: 'dsr_mails_failed_total',
  help: 'Mail send attempts that failed and will be retried, by this instance',
  registers: [],
});

/** A registry with the process counters and the database gauges. */
export function metricsRegistry(prisma: PrismaClient): Registry {
  const registry = new Registry();
  for (const metric of [httpRequests, mailsSent, mailsFailed]) registry.registerMetric(metric);
  new Gauge({
    name: 'dsr_jobs',
    help: 'Background jobs by queue and state (pg-boss), cluster-wide',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      const rows = await prisma.$queryRaw<Array<{ queue: string; state: string; n: number }>>`
        SELECT name AS queue, state::text AS state, count(*)::int AS n FROM pgboss.job GROUP BY 1, 2`;
      this.reset();
      for (const row of rows) this.set({ queue: row.queue, state: row.state }, row.n);
    },
  });
  new Gauge({
    name: 'dsr_requests_overdue',
    help: 'Open requests past their (extended) due date',
    registers: [registry],
    async collect() {
      const rows = await prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM requests
        WHERE status IN ('verified', 'in_progress', 'awaiting_subject')
          AND COALESCE("extendedDueAt", "dueAt") < now()`;
      this.set(rows[0]?.n ?? 0);
    },
  });
  return registry;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** GET /metrics on its own port; 401 without the bearer token when one is configured. */
export async function startMetricsServer(options: {
  registry: Registry;
  port: number;
  host: string;
  token?: string | undefined;
}): Promise<MetricsServer> {
  const { registry, token } = options;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (token && !safeEqual(req.headers.authorization ?? '', `Bearer ${token}`)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('unauthorized\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
