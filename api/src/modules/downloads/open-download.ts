import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { hashToken, isWellFormedToken } from '../../lib/tokens.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { BlobStore } from '../fulfilment/blob-store.ts';

// A subject's export (access, portability): served only to the request's own access token, only
// until it expires, and every fetch is audited. Packages live in the blob store; older exports may
// still be files under DATA_DIR. A transfer (portability to a named recipient) is opened by the
// recipient's own link only, never by the subject's token.

export interface OpenedDownload {
  fileName: string;
  size: number;
  stream: Readable;
}

export interface DownloadContext {
  prisma: PrismaClient;
  blobs: BlobStore;
  now: Date;
  dataDir: string;
}

const notFound = () => new AppError('not_found', 404, 'No such download.');
const expired = () => new AppError('download_expired', 410, 'This download has expired; ask for a new one.');

interface DownloadRow {
  id: string;
  requestId: string;
  fileName: string;
  path: string | null;
  blobId: string | null;
  expiresAt: Date;
}
const SELECT = {
  id: true,
  requestId: true,
  fileName: true,
  path: true,
  blobId: true,
  expiresAt: true,
} as const;

export async function openDownload(
  ctx: DownloadContext,
  requestId: string,
  downloadId: string,
): Promise<OpenedDownload> {
  const download = await ctx.prisma.download.findFirst({
    // Keyed by the token's request as well: another request's download id is simply unknown.
    where: { id: downloadId, requestId, transferredTo: null },
    select: SELECT,
  });
  if (!download) throw notFound();
  return open(ctx, download, 'subject');
}

/** GET /transfers/:token: the portability recipient's link. */
export async function openTransfer(ctx: DownloadContext, token: string): Promise<OpenedDownload> {
  if (!isWellFormedToken(token)) throw notFound();
  const download = await ctx.prisma.download.findUnique({
    where: { transferTokenHash: hashToken(token) },
    select: SELECT,
  });
  if (!download) throw notFound();
  return open(ctx, download, 'recipient');
}

async function open(
  ctx: DownloadContext,
  download: DownloadRow,
  by: 'subject' | 'recipient',
): Promise<OpenedDownload> {
  if (download.expiresAt.getTime() <= ctx.now.getTime()) throw expired();
  const file = download.blobId
    ? await fromBlob(ctx.blobs, download.blobId)
    : await fromDataDir(ctx.dataDir, download.path);
  await appendAudit(ctx.prisma, {
    requestId: download.requestId,
    actor: { type: by === 'subject' ? 'subject' : 'system' },
    type: 'download.fetched',
    data: by === 'subject' ? { downloadId: download.id } : { downloadId: download.id, by },
  });
  return { fileName: download.fileName, ...file };
}

async function fromBlob(blobs: BlobStore, blobId: string) {
  const blob = await blobs.stat(blobId);
  // The expiry job deletes the blob with its download; a missing one is gone for good.
  if (!blob) throw expired();
  return { size: blob.sizeBytes, stream: await blobs.read(blobId) };
}

async function fromDataDir(dataDir: string, relative: string | null) {
  if (!relative) throw notFound();
  const root = path.resolve(dataDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(`${root}${path.sep}`)) throw notFound();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw notFound();
  return { size: info.size, stream: createReadStream(file) };
}
