import { createHash } from 'node:crypto';
import type { Statement } from '../../db/statement.ts';
import type { Tx } from '../../db/types.ts';
import { enqueueInStatement, enqueueInTx } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';

// The event job and the per-reaction jobs carry ids, the audit type and the status the event led to
// only: the reaction reads everything else (addresses, names, texts) from the database when it runs.
export const REQUEST_EVENT_QUEUE = 'request.event';
export const reactionQueue = (reaction: string): string => `react.${reaction}`;

export interface RequestEventJob {
  /** audit_events.id, as a string (bigint). */
  eventId: string;
  requestId: string;
  type: string;
  /**
   * The status the event led to (audit toStatus; null: none), so the fan-out queues only the
   * reactions that act on it. Absent in jobs queued before it was added: every reaction on the type.
   */
  toStatus?: string | null;
}

/** In the audit row's transaction: the event exists iff the audit row commits. */
export async function enqueueRequestEvent(tx: Tx, job: RequestEventJob): Promise<void> {
  await enqueueInTx(prismaTxExecutor(tx), REQUEST_EVENT_QUEUE, job);
}

/**
 * The same job as part of a one-statement write (db/statement.ts), its ids read from the statement's
 * other parts (`eventIdSql`: the audit row's id, `requestIdSql`: the request's uuid).
 */
export async function enqueueRequestEventInStatement(
  statement: Statement,
  job: { eventIdSql: string; requestIdSql: string; type: string; toStatus: string | null },
): Promise<void> {
  const data = `jsonb_build_object('eventId', (${job.eventIdSql})::text, 'requestId', (${job.requestIdSql})::text, 'type', ${statement.param(job.type)}::text, 'toStatus', ${statement.param(job.toStatus)}::text)`;
  await enqueueInStatement(statement, 'request_event_job', REQUEST_EVENT_QUEUE, data);
}

/**
 * A UUID (version 5 layout, SHA-256 instead of SHA-1) fixed by its parts: the job id of a reaction
 * for an event, or of a mail a reaction queues. pg-boss drops a second insert with the same id.
 */
export function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
