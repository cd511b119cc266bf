import type { ControllerConfig } from '@dsr/shared/controller';
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../db/types.ts';
import type { BlobStore } from '../fulfilment/blob-store.ts';
import { NO_SOURCES, type SourceRegistry } from '../fulfilment/fulfilment.context.ts';

/** What the staff request use cases need from the app, read once per HTTP request. */
export interface StaffRequestsContext {
  prisma: PrismaClient;
  /** Packages and attachments (draft download, rebuilds). */
  blobs: BlobStore;
  now: Date;
  controller: ControllerConfig;
  /** Base of links in e-mails (PUBLIC_URL, never the Host header). */
  publicUrl: string;
  /** The data map's sources (fulfil, matching). */
  sources: SourceRegistry;
}

/** The staff member acting or reading (from the session). */
export interface StaffActor {
  id: string;
  role: 'admin' | 'agent' | 'auditor';
}

export function staffRequestsContext(app: FastifyInstance): StaffRequestsContext {
  const { prisma, blobs, now, controller, config, sources } = app.deps;
  return {
    prisma,
    blobs,
    now: now(),
    controller,
    publicUrl: config.publicUrl,
    sources: sources ?? NO_SOURCES,
  };
}
