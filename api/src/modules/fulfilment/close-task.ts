import type { closeTaskBodySchema, fulfilmentTaskViewSchema } from '@dsr/shared/fulfilment';
import type { z } from 'zod';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { StaffActor } from '../staff-requests/staff-requests.context.ts';
import type { BlobStore } from './blob-store.ts';
import { TASK_VIEW_SELECT, toTaskView } from './fulfilment-view.ts';
import { completeSource } from './source-state.ts';

// Closing a manual task (POST /staff/requests/:reference/tasks/:id): the note is the evidence; a
// file may come with it for access and portability (it goes into the package). Closing settles the
// manual source's fulfilment row; the fulfilment reaction to `task.closed` then asks the settle job
// whether the package can be built.

export type CloseTaskBody = z.infer<typeof closeTaskBodySchema>;
export type TaskView = z.infer<typeof fulfilmentTaskViewSchema>;

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'text/csv',
  'application/json',
  'text/plain',
  'application/zip',
  'image/png',
  'image/jpeg',
] as const;

/** A file being received: streamed into the blob store, never held whole in memory. */
export interface TaskUpload {
  filename: string;
  mimetype: string;
  content: AsyncIterable<Buffer>;
  /** True once the stream was cut at the size limit. */
  truncated(): boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new AppError('not_found', 404, 'No such task on this request.');
const alreadyClosed = () => new AppError('task_closed', 409, 'This task is already closed.');

export async function closeTask(
  ctx: { prisma: PrismaClient; blobs: BlobStore; now: Date },
  staff: StaffActor,
  reference: string,
  taskId: string,
  body: CloseTaskBody,
  upload?: TaskUpload,
): Promise<TaskView> {
  const { prisma, now } = ctx;
  const task = UUID.test(taskId)
    ? await prisma.task.findFirst({
        where: { id: taskId, request: { reference } },
        select: {
          id: true,
          requestId: true,
          system: true,
          status: true,
          request: { select: { type: true } },
        },
      })
    : null;
  if (!task) throw notFound();
  if (task.status !== 'open') throw alreadyClosed();
  let blob: { id: string; sizeBytes: number } | undefined;
  if (upload) {
    if (task.request.type !== 'access' && task.request.type !== 'portability') {
      throw new AppError('attachment_not_allowed', 422, 'A file can be attached only to access requests.');
    }
    const type = upload.mimetype.toLowerCase();
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
      throw new AppError('unsupported_media_type', 415, `Accepted files: ${ATTACHMENT_TYPES.join(', ')}.`);
    }
    blob = await ctx.blobs.write(limited(upload), { contentType: type });
  }
  const closed = await prisma.$transaction(async (tx) => {
    const updated = await tx.task.updateMany({
      where: { id: task.id, status: 'open' },
      data: {
        status: 'done',
        note: body.note,
        completedAt: now,
        completedById: staff.id,
        ...(blob && upload ? { attachmentId: blob.id, attachmentName: fileName(upload.filename) } : {}),
      },
    });
    if (updated.count !== 1) return false;
    const row = await tx.fulfilmentSource.findUnique({
      where: { requestId_source: { requestId: task.requestId, source: task.system } },
      select: { id: true, requestId: true, source: true },
    });
    // A settled source is audited (`fulfilment.source_done`) and its event asks for the settle job;
    // otherwise `settles` tells the fulfilment reaction to ask for it on this event.
    const settled =
      row !== null &&
      (await completeSource(tx, row, undefined, now, {
        from: ['pending', 'running', 'waiting'],
        extra: { taskId: task.id },
      }));
    await appendAudit(tx, {
      requestId: task.requestId,
      actor: { type: 'staff', id: staff.id },
      type: 'task.closed',
      data: {
        taskId: task.id,
        system: task.system,
        closedAt: now.toISOString(),
        ...(blob ? { attachmentBytes: blob.sizeBytes } : {}),
        settles: !settled,
      },
    });
    return true;
  });
  if (!closed) {
    if (blob) await ctx.blobs.delete(blob.id);
    throw alreadyClosed();
  }
  return taskView(prisma, task.id);
}

async function* limited(upload: TaskUpload): AsyncIterable<Buffer> {
  yield* upload.content;
  if (upload.truncated()) throw new AppError('payload_too_large', 413, 'The file is larger than 20 MiB.');
}

/** The name shown and used in the package: no folders, no control characters, bounded. */
function fileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-200);
  return clean === '' || clean === '.' || clean === '..' ? 'attachment' : clean;
}

async function taskView(prisma: PrismaClient, id: string): Promise<TaskView> {
  return toTaskView(await prisma.task.findUniqueOrThrow({ where: { id }, select: TASK_VIEW_SELECT }));
}
