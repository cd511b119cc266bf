import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../db/types.ts';

/** What the staff-auth use cases need from the app, read once per HTTP request. */
export interface StaffAuthContext {
  prisma: PrismaClient;
  now: Date;
}

export function staffAuthContext(app: FastifyInstance): StaffAuthContext {
  return { prisma: app.deps.prisma, now: app.deps.now() };
}

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most once a minute: idle expiry is exact to within that minute. */
export const TOUCH_INTERVAL_MS = 60_000;
