// GET /downloads/:id: the subject's export, only with that request's access token, only until it
// expires, every fetch audited, never cached.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { fileAndVerify } from './staff-requests.fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Files and verifies a request over HTTP; returns its id and the subject's access token. */
async function verifiedSubject(): Promise<{ id: string; accessToken: string }> {
  const { reference, accessToken } = await fileAndVerify(t, { type: 'portability' });
  const { id } = await t.prisma.request.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  return { id, accessToken };
}

async function addDownload(requestId: string, content: string, expiresInMs: number) {
  const relative = path.join('exports', `${requestId}.zip`);
  const dataDir = t.app.deps.config.dataDir;
  mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
  writeFileSync(path.join(dataDir, relative), content);
  return t.prisma.download.create({
    data: {
      requestId,
      fileName: 'données-DSR.zip',
      path: relative,
      sizeBytes: content.length,
      expiresAt: new Date(t.clock.now.getTime() + expiresInMs),
    },
    select: { id: true },
  });
}

const fetchDownload = (id: string, accessToken?: string) =>
  t.app.inject({
    url: `/api/v1/downloads/${id}`,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });

describe('downloads', () => {
  it('serves the file to its own subject, audited, uncached, and listed on the status page', async () => {
    const a = await verifiedSubject();
    const { id } = await addDownload(a.id, 'PK-export-of-A', 7 * 24 * 3_600_000);
    const view = await t.app.inject({
      url: '/api/v1/requests/me',
      headers: { authorization: `Bearer ${a.accessToken}` },
    });
    expect(view.json().downloads).toEqual([expect.objectContaining({ id, fileName: 'données-DSR.zip' })]);

    const res = await fetchDownload(id, a.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('PK-export-of-A');
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''donn%C3%A9es-DSR.zip");
    const audited = await t.prisma.auditEvent.findMany({
      where: { requestId: a.id, type: 'download.fetched' },
    });
    expect(audited.map((e) => e.data)).toEqual([{ downloadId: id }]);
  });

  it('is 404 for another subject, 401 without a token, 410 once expired, 400 for a malformed id', async () => {
    const a = await verifiedSubject();
    const b = await verifiedSubject();
    const { id } = await addDownload(a.id, 'PK-secret-of-A', 60_000);
    const other = await fetchDownload(id, b.accessToken);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('secret');
    expect((await fetchDownload(id)).statusCode).toBe(401);
    expect((await fetchDownload('not-a-uuid', a.accessToken)).statusCode).toBe(400);
    t.clock.advance(60_001);
    const expired = await fetchDownload(id, a.accessToken);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'download_expired' });
    expect(await t.prisma.auditEvent.count({ where: { type: 'download.fetched', requestId: a.id } })).toBe(0);
  });
});
