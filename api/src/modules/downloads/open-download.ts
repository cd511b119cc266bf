import type { ReadStream } from 'node:fs';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';

// A subject's export (access, portability): served only to the request's own access token, only
// until it expires, and every fetch is audited.

export interface OpenedDownload {
  fileName: string;
  size: number;
  stream: ReadStream;
}

export async function openDownload(
  ctx: { prisma: PrismaClient; now: Date; dataDir: string },
  requestId: string,
  downloadId: string,
): Promise<OpenedDownload> {
  const download = await ctx.prisma.download.findFirst({
    // Keyed by the token's request as well: another request's download id is simply unknown.
    where: { id: downloadId, requestId },
    select: { id: true, fileName: true, path: true, expiresAt: true },
  });
  if (!download) throw new AppError('not_found', 404, 'No such download.');
  if (download.expiresAt.getTime() <= ctx.now.getTime()) {
    throw new AppError('download_expired', 410, 'This download has expired; ask for a new one.');
  }
  if (!download.path) throw new AppError('not_found', 404, 'No such download.');
  const root = path.resolve(ctx.dataDir);
  const file = path.resolve(root, download.path);
  if (!file.startsWith(`${root}${path.sep}`)) throw new AppError('not_found', 404, 'No such download.');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new AppError('not_found', 404, 'No such download.');
  await appendAudit(ctx.prisma, {
    requestId,
    actor: { type: 'subject' },
    type: 'download.fetched',
    data: { downloadId: download.id },
  });
  return { fileName: download.fileName, size: info.size, stream: createReadStream(file) };
}
