import { problemSchema } from '@dsr/shared/errors';
import { closeTaskBodySchema, fulfilmentTaskViewSchema } from '@dsr/shared/fulfilment';
import { staffReferenceParamsSchema } from '@dsr/shared/staff-requests';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../staff-auth/staff-auth.plugin.ts';
import { ATTACHMENT_MAX_BYTES, closeTask, type TaskUpload } from './close-task.ts';

// POST /staff/requests/:reference/tasks/:id: close a manual task, as JSON `{status, note}` or as
// multipart/form-data with the same fields first and an optional `file` last. The fields are read
// before validation; the file stays unread (streamed, backpressured) until the use case has checked
// the task, the role and the type, and is then streamed into the blob store.

const uploads = new WeakMap<FastifyRequest, { part: MultipartFile }>();

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: 20_000, parts: 5 },
  });
  const worker = requireRole('admin', 'agent');

  app.post(
    '/staff/requests/:reference/tasks/:id',
    {
      config: { multipartUpload: true },
      preValidation: [worker, readFields],
      schema: {
        tags: ['staff'],
        security: [{ staffSession: [] }],
        summary: 'Close a manual task with a note (multipart: a file may be attached for access)',
        consumes: ['application/json', 'multipart/form-data'],
        params: staffReferenceParamsSchema.extend({ id: z.string().min(1).max(100) }),
        body: closeTaskBodySchema,
        response: {
          200: fulfilmentTaskViewSchema,
          ...Object.fromEntries([400, 401, 403, 404, 409, 413, 415, 422].map((s) => [s, problemSchema])),
        },
      },
    },
    async (request) => {
      const pending = uploads.get(request);
      const upload: TaskUpload | undefined = pending && {
        filename: pending.part.filename,
        mimetype: pending.part.mimetype,
        content: pending.part.file,
        truncated: () => pending.part.file.truncated,
      };
      try {
        const { prisma, blobs, now } = app.deps;
        return await closeTask(
          { prisma, blobs, now: now() },
          request.staff,
          request.params.reference,
          request.params.id,
          request.body,
          upload,
        );
      } finally {
        // Refused before reading it: let the rest of the upload drain instead of stalling the socket.
        if (pending) pending.part.file.resume();
      }
    },
  );
};

/** Multipart: the fields before the file become the body (validated like JSON); the file waits. */
async function readFields(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const rest = request.parts()[Symbol.asyncIterator]();
  const fields: Record<string, unknown> = {};
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    const part = next.value;
    if (part.type === 'file') {
      uploads.set(request, { part });
      break;
    }
    fields[part.fieldname] = part.value;
  }
  request.body = fields;
}
