import { REQUEST_TYPES } from '@dsr/shared/request-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/config', () => {
  it('describes the controller, every request type with its article and details schema, locales and limits', async () => {
    const res = await t.app.inject('/api/v1/config');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.controller).toMatchObject({
      name: 'Isolectra',
      contactEmail: 'contact@isolectra.fr',
      timeZone: 'Europe/Paris',
      supervisoryAuthority: { shortName: 'CNIL', phone: '01 53 73 22 22' },
      retention: { unverifiedDays: 30, closedRequestsYears: 5, billingRecordsYears: 10, exportDays: 7 },
    });
    expect(body.requestTypes.map((r: { type: string }) => r.type)).toEqual([...REQUEST_TYPES]);
    const byType = Object.fromEntries(body.requestTypes.map((r: { type: string }) => [r.type, r]));
    expect(byType.access.article).toBe('Art. 15');
    expect(byType.automated_decision.article).toBe('Art. 22');
    expect(byType.rectification.detailsSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['corrections'],
      properties: { corrections: { type: 'array', minItems: 1, maxItems: 50 } },
    });
    expect(byType.restriction.detailsSchema.properties.ground.enum).toContain('legal_claims');
    expect(body.locales).toEqual(['fr', 'en']);
    expect(body.limits).toMatchObject({
      messageMaxLength: 5000,
      correctionsMax: 50,
      bodyMaxBytes: 256 * 1024,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is declared in the OpenAPI document with its response schema', async () => {
    const doc = (await t.app.inject('/api/docs/openapi.json')).json();
    const op = doc.paths['/api/v1/config'].get;
    expect(op.responses['200'].content['application/json'].schema).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/requests', '/api/v1/verifications', '/.well-known/gpc.json']),
    );
  });
});

describe('GET /.well-known/gpc.json', () => {
  it('declares Global Privacy Control support', async () => {
    const res = await t.app.inject('/.well-known/gpc.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toEqual({ gpc: true, lastUpdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});
