import { problemSchema } from '@dsr/shared/errors';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type OpenedDownload, openDownload, openTransfer } from './open-download.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};

const fileResponses = {
  200: z.any().describe('The file itself (application/zip for exports)'),
  400: problemSchema,
  404: problemSchema,
  410: problemSchema,
};

/** Personal data as an attachment: typed by its extension, never cached. */
function sendFile(reply: FastifyReply, file: OpenedDownload) {
  const extension = /\.[a-z0-9]+$/i.exec(file.fileName)?.[0]?.toLowerCase() ?? '';
  const asciiName = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream')
    .header('content-length', String(file.size))
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(file.stream);
}

// GET /downloads/:id — registered inside the subject routes, behind the bearer token.
export const downloadRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/downloads/:id',
    {
      schema: {
        tags: ['subject'],
        security: [{ subjectToken: [] }],
        summary: 'Download an export of this request (audited, until it expires)',
        params: z.strictObject({ id: z.uuid() }),
        response: { ...fileResponses, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const { prisma, blobs, now, config } = app.deps;
      const file = await openDownload(
        { prisma, blobs, now: now(), dataDir: config.dataDir },
        request.subjectRequestId,
        request.params.id,
      );
      return sendFile(reply, file);
    },
  );
};

// GET /transfers/:token — the link mailed to a portability recipient (Art. 20(2)); the token is the
// only credential, so the answer never tells a wrong token from an unknown one.
export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/transfers/:token',
    {
      schema: {
        tags: ['public'],
        summary: "A portability recipient's download (until it expires, audited)",
        params: z.strictObject({ token: z.string().min(1).max(100) }),
        response: fileResponses,
      },
    },
    async (request, reply) => {
      const { prisma, blobs, now, config } = app.deps;
      reply.header('referrer-policy', 'no-referrer');
      const file = await openTransfer(
        { prisma, blobs, now: now(), dataDir: config.dataDir },
        request.params.token,
      );
      return sendFile(reply, file);
    },
  );
};
