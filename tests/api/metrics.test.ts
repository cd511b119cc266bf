// The Prometheus endpoint: its own listener (never the public port), behind a bearer token when one
// is set, counting HTTP answers by route pattern and status, jobs by queue and state, mails sent,
// and open requests past their due date. Real HTTP on loopback, real database and SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricsServer, metricsRegistry, startMetricsServer } from '../../api/src/metrics.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pipelineSettled } from '../support/jobs.ts';

const TOKEN = 'a-metrics-token-of-some-length';
let t: TestApp;
let metrics: MetricsServer;
let url: string;

beforeAll(async () => {
  t = await startTestApp();
  metrics = await startMetricsServer({
    registry: metricsRegistry(t.prisma),
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
  });
  url = `http://127.0.0.1:${metrics.port}/metrics`;
});

afterAll(async () => {
  await metrics?.close();
  await t?.close();
});

const scrape = async () => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

/** The value of one sample line, e.g. value(text, 'dsr_mails_sent_total'), or 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('metrics endpoint', () => {
  it('refuses a scrape without the token, and is not on the public router', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(
      401,
    );
    expect((await t.app.inject('/metrics')).statusCode).not.toBe(200);
    expect((await t.app.inject('/api/v1/metrics')).statusCode).toBe(404);
  });

  it('counts requests by route pattern and status, jobs by queue and state, mails sent, overdue requests', async () => {
    const before = await scrape();
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'access',
        email: 'metrics.subject@example.test',
        fullName: 'Metrics Subject',
        locale: 'en',
        details: { scope: 'all' },
      },
    });
    expect(filed.statusCode).toBe(202);
    await t.app.inject('/api/v1/no-such-route');
    await t.smtp.waitFor((m) => m.some((mail) => mail.to.includes('metrics.subject@example.test')), 15_000);
    await pipelineSettled(t.prisma);
    // One open request past its due date.
    await t.prisma.request.update({
      where: { reference: filed.json().reference },
      data: { status: 'in_progress', dueAt: new Date(Date.now() - 86_400_000) },
    });

    const after = await scrape();
    const intake = 'dsr_http_requests_total{method="POST",route="/api/v1/requests",status="202"}';
    expect(value(after, intake) - value(before, intake)).toBe(1);
    expect(
      value(after, 'dsr_http_requests_total{method="GET",route="unmatched",status="404"}'),
    ).toBeGreaterThan(0);
    expect(after).not.toContain('no-such-route');
    expect(
      value(after, 'dsr_mails_sent_total') - value(before, 'dsr_mails_sent_total'),
    ).toBeGreaterThanOrEqual(1);
    expect(value(after, 'dsr_jobs{queue="mail.send",state="completed"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'dsr_requests_overdue')).toBe(1);
  });
});
