// Access packages with BLOB_STORE=s3, against a real S3 API server on 127.0.0.1: the ZIP is built
// into the bucket (not PostgreSQL), the subject downloads exactly those bytes, a second portal
// instance on the same database and bucket serves it as well, the expiry job deletes the object, and
// a build while the bucket is unreachable fails visibly, leaves nothing behind, and is retried.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredExports } from '../../api/src/modules/retention/expired-exports.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type S3Server, startS3Server } from '../support/s3.ts';
import { eventually } from '../support/webhook-receiver.ts';
import { unzip } from '../support/zip.ts';
import { actions, type FulfilmentWorld, startFulfilmentWorld } from './fulfilment.fixtures.ts';
import { uniqueEmail } from './staff-requests.fixtures.ts';

let s3: S3Server;
let w: FulfilmentWorld;
let t: TestApp;
let a: ReturnType<typeof actions>;

beforeAll(async () => {
  s3 = await startS3Server();
  w = await startFulfilmentWorld({ env: s3.env });
  t = w.t;
  a = actions(w);
});
afterAll(async () => {
  await w?.close();
  await s3?.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function packageBlob(reference: string) {
  const pkg = await t.prisma.package.findFirstOrThrow({
    where: { request: { reference } },
    select: { blob: true },
  });
  return pkg.blob!;
}

const fetchDownload = (app: TestApp, id: string, accessToken: string) =>
  app.app.inject({ url: `/api/v1/downloads/${id}`, headers: { authorization: `Bearer ${accessToken}` } });

describe('packages in an S3 bucket', () => {
  it('builds into the bucket, serves those bytes from any instance, and deletes them on expiry', async () => {
    const email = uniqueEmail('sacha');
    w.crm.set(email, [{ id: 1, email, name: 'Sacha Martin' }]);
    const r = await a.start({ email, locale: 'en' });
    await a.fulfil(r.reference);
    await a.packageReady(r.reference);

    const blob = await packageBlob(r.reference);
    expect(blob).toMatchObject({ store: 's3', complete: true });
    expect(await t.prisma.blobChunk.count({ where: { blobId: blob.id } })).toBe(0);
    const key = `${s3.prefix}${blob.id}`;
    expect(await s3.keys()).toContain(key);
    const object = (await s3.object(key))!;
    expect(object.length).toBe(Number(blob.sizeBytes));
    expect(sha256(object)).toBe(blob.sha256);

    await a.complete(r.reference);
    const download = await t.prisma.download.findFirstOrThrow({
      where: { request: { reference: r.reference } },
    });
    const res = await fetchDownload(t, download.id, r.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.rawPayload.equals(object)).toBe(true);
    const data = JSON.parse((await unzip(res.rawPayload)).get('data.json')!.toString('utf8'));
    expect(data.sources).toEqual({ crm: { contacts: [{ id: 1, email, name: 'Sacha Martin' }] } });

    // A second instance (its own DATA_DIR and workers) on the same database and bucket.
    const other = await startTestApp({ env: s3.env, dataMap: t.dataMap, databaseUrl: t.databaseUrl });
    try {
      other.clock.set(t.clock.now);
      const there = await fetchDownload(other, download.id, r.accessToken);
      expect(there.statusCode).toBe(200);
      expect(there.rawPayload.equals(object)).toBe(true);
      expect(
        await t.prisma.auditEvent.count({
          where: { type: 'download.fetched', requestId: download.requestId },
        }),
      ).toBe(2);
    } finally {
      await other.close();
    }

    t.clock.advance(7 * 86_400_000);
    expect((await fetchDownload(t, download.id, r.accessToken)).statusCode).toBe(410);
    await purgeExpiredExports(t.app.deps, t.clock.now);
    expect(await s3.keys()).not.toContain(key);
    expect(await s3.object(key)).toBeUndefined();
    expect(await t.prisma.blob.count({ where: { id: blob.id } })).toBe(0);
    expect((await fetchDownload(t, download.id, r.accessToken)).statusCode).toBe(410);
    t.clock.set(new Date());
  });

  it('fails a build while the bucket is unreachable, keeps nothing of it, and retries once it is back', async () => {
    const email = uniqueEmail('noor');
    w.crm.set(email, [{ id: 7, email, name: 'Noor' }]);
    const keysBefore = await s3.keys();
    const blobsBefore = await t.prisma.blob.count();
    await s3.stop();
    let restarted = false;
    try {
      const r = await a.start({ email });
      await a.fulfil(r.reference);
      const failed = await eventually(async () => {
        const detail = await a.detail(r.reference);
        return detail.fulfilment?.package?.state === 'failed' && detail.fulfilment.package;
      });
      expect(failed.lastError).toMatch(/could not be built/);
      const pkg = await t.prisma.package.findFirstOrThrow({ where: { request: { reference: r.reference } } });
      expect(pkg.blobId).toBeNull();
      expect(await t.prisma.blob.count()).toBe(blobsBefore);

      await s3.start();
      restarted = true;
      // The build queue retries on its own (10 s later, then backing off).
      await eventually(async () => {
        const p = await t.prisma.package.findFirst({ where: { request: { reference: r.reference } } });
        return p?.state === 'ready';
      }, 60_000);
      const blob = await packageBlob(r.reference);
      expect(await t.prisma.blob.count()).toBe(blobsBefore + 1);
      expect(await s3.keys()).toEqual([...keysBefore, `${s3.prefix}${blob.id}`].sort());
      expect(sha256((await s3.object(`${s3.prefix}${blob.id}`))!)).toBe(blob.sha256);
    } finally {
      if (!restarted) await s3.start();
    }
  }, 90_000);
});
