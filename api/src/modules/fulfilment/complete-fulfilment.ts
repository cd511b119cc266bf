import type { ControllerConfig } from '@dsr/shared/controller';
import type { RequestType } from '@dsr/shared/request-types';
import type { Tx } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { SourceRegistry } from './fulfilment.context.ts';
import { buildsPackage, hasFulfilment, sourcesFor } from './plan.ts';

// `complete` and fulfilment, inside the action's transaction: refused while the work is not done
// (422 fulfilment_pending), and on completion the package is released: a download for the subject,
// or for portability with `transferTo`, a link mailed to the named recipient instead (by the
// transfer-mail reaction to `fulfilment.transferred`).

const DAY_MS = 86_400_000;

interface CompletingRequest {
  id: string;
  type: RequestType;
  status: string;
  version: number;
}

export async function assertFulfilled(
  tx: Tx,
  sources: SourceRegistry,
  request: CompletingRequest,
): Promise<void> {
  if (!hasFulfilment(request.type)) return;
  const current = { status: request.status, version: request.version };
  if (buildsPackage(request.type)) {
    const pkg = await tx.package.findUnique({ where: { requestId: request.id }, select: { state: true } });
    if (pkg?.state !== 'ready') {
      throw new AppError('fulfilment_pending', 422, 'The package is not ready: run fulfil and wait for it.', {
        package: pkg?.state ?? null,
        current,
      });
    }
    return;
  }
  const rows = await tx.fulfilmentSource.findMany({
    where: { requestId: request.id },
    select: { source: true, state: true },
  });
  const done = new Set(rows.filter((r) => r.state === 'done').map((r) => r.source));
  const pending = sourcesFor(sources, request.type)
    .map((s) => s.config.name)
    .filter((name) => !done.has(name));
  if (pending.length > 0) {
    throw new AppError('fulfilment_pending', 422, 'Some sources have not been fulfilled yet.', {
      pendingSources: pending,
      current,
    });
  }
}

export interface ReleaseContext {
  controller: ControllerConfig;
  now: Date;
}

/** On completion of access / portability: the ready package becomes a download (or a transfer). */
export async function releasePackage(
  tx: Tx,
  ctx: ReleaseContext,
  request: { id: string; type: RequestType; reference: string; details: unknown; locale: string },
): Promise<{ downloadId: string; transferred: boolean } | null> {
  if (!buildsPackage(request.type)) return null;
  const pkg = await tx.package.findUnique({
    where: { requestId: request.id },
    select: { id: true, state: true, blobId: true, fileName: true, sizeBytes: true },
  });
  if (pkg?.state !== 'ready' || !pkg.blobId || !pkg.fileName) return null;
  const expiresAt = new Date(ctx.now.getTime() + ctx.controller.retention.exportDays * DAY_MS);
  await tx.package.update({ where: { id: pkg.id }, data: { state: 'released', releasedAt: ctx.now } });
  // From now on the blob lives as long as its download: the expiry job deletes both.
  await tx.blob.update({ where: { id: pkg.blobId }, data: { expiresAt } });
  const transferTo = request.type === 'portability' ? transferTarget(request.details) : null;
  const base = {
    requestId: request.id,
    fileName: pkg.fileName,
    blobId: pkg.blobId,
    sizeBytes: pkg.sizeBytes,
    // When it was handed over, by the use case's clock (the subject's view shows it for a transfer).
    createdAt: ctx.now,
  };
  if (!transferTo) {
    const download = await tx.download.create({ data: { ...base, expiresAt }, select: { id: true } });
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'system' },
      type: 'fulfilment.released',
      data: { downloadId: download.id, expiresAt: expiresAt.toISOString() },
    });
    return { downloadId: download.id, transferred: false };
  }
  // The link and its token are made by the transfer-mail reaction to the event below.
  const download = await tx.download.create({
    data: { ...base, expiresAt, transferredTo: transferTo.email },
    select: { id: true },
  });
  // The recipient's address stays on the download row (retention removes it), not in the audit.
  await appendAudit(tx, {
    requestId: request.id,
    actor: { type: 'system' },
    type: 'fulfilment.transferred',
    data: { downloadId: download.id, expiresAt: expiresAt.toISOString() },
  });
  return { downloadId: download.id, transferred: true };
}

function transferTarget(details: unknown): { name: string; email: string } | null {
  if (!details || typeof details !== 'object') return null;
  const target = (details as { transferTo?: unknown }).transferTo;
  if (!target || typeof target !== 'object') return null;
  const { name, email } = target as { name?: unknown; email?: unknown };
  return typeof email === 'string' && email ? { name: typeof name === 'string' ? name : '', email } : null;
}
