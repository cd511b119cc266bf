import { defaultLocale } from '@dsr/shared/controller';
import type { Locale } from '@dsr/shared/text';
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../db/types.ts';
import type { Actor } from '../audit/audit.repository.ts';

/** What the user-admin use cases need: the database, the clock, and who acts (staff admin or the CLI). */
export interface StaffUsersContext {
  prisma: PrismaClient;
  now: Date;
  actor: Actor;
  /** The acting admin's own session (spared when they change their own password). */
  actorSessionId?: string;
  /** A new account's locale when none is given: the controller's first. */
  defaultLocale: Locale;
  /** The locales the controller offers: an account's locale must be one of them. */
  locales: readonly Locale[];
}

export function staffUsersContext(app: FastifyInstance, staff: { id: string; sessionId: string }) {
  return {
    prisma: app.deps.prisma,
    now: app.deps.now(),
    actor: { type: 'staff', id: staff.id },
    actorSessionId: staff.sessionId,
    defaultLocale: defaultLocale(app.deps.controller),
    locales: app.deps.controller.locales,
  } satisfies StaffUsersContext;
}
