import type { ControllerConfig } from '@dsr/shared/controller';
import type { PrismaClient } from '../../db/types.ts';
import type { BlobStore } from './blob-store.ts';
import type { Source } from './sources/source.ts';

/** The data map's sources, in map order (built once at start by sources/index.ts). */
export interface SourceRegistry {
  readonly list: readonly Source[];
  get(name: string): Source | undefined;
}

export const NO_SOURCES: SourceRegistry = { list: [], get: () => undefined };

/** What fulfilment's workers and use cases need. */
export interface FulfilmentContext {
  prisma: PrismaClient;
  /** Where packages are written and attachments read. */
  blobs: BlobStore;
  controller: ControllerConfig;
  sources: SourceRegistry;
  /** Base of links in e-mails (PUBLIC_URL). */
  publicUrl: string;
}
