import { createHash } from 'node:crypto';
import type { Tx } from '../../db/types.ts';
import { enqueueInTx } from '../../jobs/boss.ts';
import { prismaTxExecutor } from '../../jobs/prisma-executor.ts';

// The event job and the per-reaction jobs carry ids and the audit type only: the reaction reads
// everything else (addresses, names, texts) from the database when it runs.
export const REQUEST_EVENT_QUEUE = 'request.event';
export const reactionQueue = (reaction: string): string => `react.${reaction}`;

export interface RequestEventJob {
  /** audit_events.id, as a string (bigint). */
  eventId: string;
  requestId: string;
  type: string;
}

/** In the audit row's transaction: the event exists iff the audit row commits. */
export async function enqueueRequestEvent(tx: Tx, job: RequestEventJob): Promise<void> {
  await enqueueInTx(prismaTxExecutor(tx), REQUEST_EVENT_QUEUE, job);
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
