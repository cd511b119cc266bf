import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { createPrisma } from '../../api/src/db/client.ts';
import { createBlobStore } from '../../api/src/modules/fulfilment/blob-store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('operations', () => {
  it('answers health ok when the database answers', async () => {
    const res = await t.app.inject('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 problem+json when the database does not answer', async () => {
    const prisma = createPrisma('postgresql://nobody:nothing@127.0.0.1:1/none');
    const broken = await buildApp({
      config: loadConfig({ DATA_DIR: '/tmp/dsr-foundation-test' }),
      controller: t.controller,
      dataMap: t.dataMap,
      prisma,
      blobs: createBlobStore(prisma, { kind: 'postgres' }),
      now: () => new Date(),
      logger: false,
    });
    const res = await broken.inject('/api/v1/health');
    await broken.close();
    await prisma.$disconnect();
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});

describe('errors', () => {
  it('answers unknown API routes with a problem+json 404', async () => {
    const res = await t.app.inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'route_not_found' });
  });

  it('rejects a body over the limit with 413 problem+json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/health',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'a'.repeat(300 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
  });
});

describe('security headers', () => {
  it('sends a strict CSP, nosniff, no-referrer and frame-ancestors none', async () => {
    const res = await t.app.inject('/api/v1/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('openapi', () => {
  it('publishes an OpenAPI 3.1 document listing the health route', async () => {
    const res = await t.app.inject('/api/docs/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/health');
  });
});
