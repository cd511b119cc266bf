import type { ControllerConfig } from '@dsr/shared/controller';
import type { RequestStatus } from '@dsr/shared/statuses';
import type { PrismaClient } from '../../db/types.ts';
import type { JobsLogger } from '../../jobs/boss.ts';
import type { AuditType } from '../audit/audit.types.ts';
import type { SourceRegistry } from '../fulfilment/fulfilment.context.ts';

/** What a reaction gets to work with; it loads the rest from the database. */
export interface ReactionContext {
  prisma: PrismaClient;
  controller: ControllerConfig;
  publicUrl: string;
  logger: JobsLogger;
  /** Wakes the mail worker once mail was queued (saves a polling interval). */
  mailQueued(): void;
  /** The data map's sources (effects applied at verification: GPC). Absent: none. */
  sources?: SourceRegistry;
}

/** The audit row behind an event, as the reaction reads it when it runs. */
export interface RequestEvent {
  id: string;
  requestId: string;
  type: AuditType;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  /** Ids, codes, dates: never personal data (see AuditInput). */
  data: Record<string, unknown>;
  /** When it happened (the clock of the use case that wrote it). */
  at: Date;
  /** The reaction handling it: part of every id derived for its side effects. */
  reaction: string;
}

export interface Reaction {
  /** Queue `react.<name>`; lower-case letters, digits and dashes. Never rename one in use. */
  name: string;
  /**
   * Whether this reaction acts on an event of `type` that led to `toStatus` (null: the event
   * changed no status; undefined: not known, for jobs queued before the status was carried).
   * Only wanted events get a job; `handle` may still find nothing to do.
   */
  on(type: AuditType, toStatus?: RequestStatus | null): boolean;
  /**
   * Seconds a run may take before pg-boss takes it for lost and runs it again (default: the
   * reaction policy's 30). It is also how long a run cut off by a database outage waits to be
   * retried: only a reaction that calls out (and may wait on a timeout) sets a longer one.
   */
  expireInSeconds?: number;
  /** Runs after the event's transaction committed; retried on error, so it must be idempotent. */
  handle(ctx: ReactionContext, event: RequestEvent): Promise<void>;
}

export function defineReaction(reaction: Reaction): Reaction {
  if (!/^[a-z0-9-]+$/.test(reaction.name)) throw new Error(`events: bad reaction name "${reaction.name}"`);
  return reaction;
}
