// BLOB_STORE=s3 against a real S3 API server on 127.0.0.1: a file larger than several upload parts
// goes up in bounded parts and comes back byte for byte; a write that fails halfway leaves neither an
// object nor a row; a blob written to PostgreSQL before the switch stays readable.
import { createHash, randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.ts';
import { createPrisma } from '../../api/src/db/client.ts';
import type { PrismaClient } from '../../api/src/db/types.ts';
import { type BlobStore, createBlobStore } from '../../api/src/modules/fulfilment/blob-store.ts';
import { PART_BYTES } from '../../api/src/modules/fulfilment/blob-store-s3.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { type S3Server, startS3Server } from '../support/s3.ts';

let db: TestDatabase;
let prisma: PrismaClient;
let s3: S3Server;
let store: BlobStore;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  s3 = await startS3Server();
  const config = loadConfig(s3.env).blobStore;
  store = createBlobStore(prisma, config);
});
afterAll(async () => {
  store?.close();
  await s3?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

async function* pieces(buffer: Buffer, size = 64 * 1024) {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3 blob store', () => {
  it('uploads a file of several parts and reads back the same bytes', async () => {
    const content = randomBytes(2 * PART_BYTES + 12_345);
    const stored = await store.write(pieces(content), { contentType: 'application/zip' });
    expect(stored).toEqual({ id: expect.any(String), sizeBytes: content.length, sha256: sha256(content) });

    const row = await prisma.blob.findUniqueOrThrow({ where: { id: stored.id } });
    expect(row).toMatchObject({ store: 's3', complete: true, sha256: sha256(content) });
    expect(await prisma.blobChunk.count({ where: { blobId: stored.id } })).toBe(0);
    expect(await s3.keys()).toEqual([`${s3.prefix}${stored.id}`]);
    expect((await s3.object(`${s3.prefix}${stored.id}`))?.equals(content)).toBe(true);

    const chunks: Buffer[] = [];
    for await (const c of await store.read(stored.id)) chunks.push(c as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(stored.sha256);
    expect(await store.stat(stored.id)).toEqual({
      sizeBytes: content.length,
      contentType: 'application/zip',
    });

    await store.delete(stored.id);
    expect(await s3.keys()).toEqual([]);
    expect(await prisma.blob.count({ where: { id: stored.id } })).toBe(0);
  });

  it('leaves no object and no row when the content fails after a part was sent', async () => {
    const before = await prisma.blob.count();
    async function* breaking() {
      yield* pieces(randomBytes(PART_BYTES + 1024));
      throw new Error('source broke');
    }
    await expect(store.write(breaking(), { contentType: 'application/zip' })).rejects.toThrow('source broke');
    expect(await prisma.blob.count()).toBe(before);
    expect(await s3.keys()).toEqual([]);
  });

  it('fails the write when the bucket is unreachable, leaving no row; a read answers 503', async () => {
    const kept = await store.write(pieces(Buffer.from('kept')), { contentType: 'text/plain' });
    const before = await prisma.blob.count();
    await s3.stop();
    try {
      await expect(store.write(pieces(Buffer.from('lost')), { contentType: 'text/plain' })).rejects.toThrow();
      expect(await prisma.blob.count()).toBe(before);
      await expect(store.read(kept.id)).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
      // Deleting needs the bucket: the row stays for the next expiry run.
      await expect(store.delete(kept.id)).rejects.toThrow();
      expect(await prisma.blob.count({ where: { id: kept.id } })).toBe(1);
    } finally {
      await s3.start();
    }
    expect(await text(await store.read(kept.id))).toBe('kept');
    await store.delete(kept.id);
  });

  it('still reads a blob whose bytes were written to PostgreSQL before the switch', async () => {
    const postgres = createBlobStore(prisma, { kind: 'postgres' });
    const old = await postgres.write(pieces(Buffer.from('written before BLOB_STORE=s3')), {
      contentType: 'text/plain',
    });
    expect(await text(await store.read(old.id))).toBe('written before BLOB_STORE=s3');
    await store.delete(old.id);
    expect(await prisma.blob.count({ where: { id: old.id } })).toBe(0);
    expect(await s3.keys()).toEqual([]);
  });
});
