import type { ControllerConfig } from '@dsr/shared/controller';
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../db/types.ts';

/** What the subject's use cases need from the app, read once per HTTP request. */
export interface SubjectContext {
  prisma: PrismaClient;
  now: Date;
  controller: ControllerConfig;
  /** Base of links in e-mails (PUBLIC_URL, never the Host header). */
  publicUrl: string;
}

export function subjectContext(app: FastifyInstance): SubjectContext {
  const { prisma, now, controller, config } = app.deps;
  return { prisma, now: now(), controller, publicUrl: config.publicUrl };
}
