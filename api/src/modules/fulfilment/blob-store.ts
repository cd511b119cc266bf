import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db, PrismaClient } from '../../db/types.ts';

// Files (packages, task attachments) kept in PostgreSQL as 1 MiB chunks, so every app instance can
// serve what another built, and memory stays bounded both ways: writing takes chunks as they come,
// reading fetches one chunk at a time as the consumer pulls.

export const CHUNK_BYTES = 1024 * 1024;

export interface StoredBlob {
  id: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Stores a stream as a new blob. The blob is marked complete only once every chunk is written; a
 * failed write deletes what it wrote. `expiresAt` lets the expiry job delete it.
 */
export async function writeBlob(
  prisma: PrismaClient,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  options: { contentType: string; expiresAt?: Date | null },
): Promise<StoredBlob> {
  const blob = await prisma.blob.create({
    data: { contentType: options.contentType, expiresAt: options.expiresAt ?? null },
    select: { id: true },
  });
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (all: boolean) => {
    while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const chunk = joined.subarray(0, CHUNK_BYTES);
      const rest = joined.subarray(chunk.length);
      await prisma.blobChunk.create({ data: { blobId: blob.id, seq: seq++, data: new Uint8Array(chunk) } });
      pending = rest.length > 0 ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    }
  };
  try {
    for await (const part of source) {
      const buf = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part);
      hash.update(buf);
      size += buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= CHUNK_BYTES) await flush(false);
    }
    await flush(true);
    const sha256 = hash.digest('hex');
    await prisma.blob.update({
      where: { id: blob.id },
      data: { complete: true, sizeBytes: BigInt(size), sha256 },
    });
    return { id: blob.id, sizeBytes: size, sha256 };
  } catch (err) {
    await prisma.blob.delete({ where: { id: blob.id } }).catch(() => {});
    throw err;
  }
}

/** A complete blob's size and type, or null when unknown or incomplete. */
export async function statBlob(
  db: Db,
  id: string,
): Promise<{ sizeBytes: number; contentType: string } | null> {
  const blob = await db.blob.findFirst({
    where: { id, complete: true },
    select: { sizeBytes: true, contentType: true },
  });
  return blob ? { sizeBytes: Number(blob.sizeBytes), contentType: blob.contentType } : null;
}

/** Streams a blob's content, one chunk fetched per read. */
export function readBlob(prisma: PrismaClient, id: string): Readable {
  let seq = 0;
  return new Readable({
    async read() {
      try {
        const chunk = await prisma.blobChunk.findUnique({
          where: { blobId_seq: { blobId: id, seq } },
          select: { data: true },
        });
        seq++;
        this.push(chunk ? Buffer.from(chunk.data) : null);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}

/** Deletes a blob and its chunks (cascade). */
export async function deleteBlob(db: Db, id: string): Promise<void> {
  await db.blob.deleteMany({ where: { id } });
}
