import type { RequestStatus } from '@dsr/shared/statuses';
import { DENIAL_REASON_CODES, type DenialReasonCode } from '@dsr/shared/statuses';
import type { TimelineEntry } from '@dsr/shared/subject-view';

// The subject's timeline is a projection of the audit trail: only what happened to their request,
// never who on the staff did it, no notes, assignments, tokens or downloads.

export interface TimelineSource {
  type: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  data: unknown;
  at: Date;
}

// Events whose own entry already says where the request went.
const SAYS_ITS_STATUS = new Set([
  'request.received',
  'request.verified',
  'request.status_changed',
  'request.completed',
  'request.denied',
  'request.cancelled',
  'request.expired',
]);

const field = (data: unknown, key: string): unknown =>
  data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)[key]
    : undefined;

const isReasonCode = (value: unknown): value is DenialReasonCode =>
  typeof value === 'string' && (DENIAL_REASON_CODES as readonly string[]).includes(value);

function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function ownEntry(event: TimelineSource, at: string): TimelineEntry | null {
  switch (event.type) {
    case 'request.received':
      return { type: 'received', at };
    case 'request.verified':
      return { type: 'verified', at };
    case 'request.acknowledged':
      return { type: 'acknowledged', at };
    case 'request.status_changed':
      return event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus
        ? { type: 'status_changed', at, from: event.fromStatus, to: event.toStatus }
        : null;
    case 'request.extended': {
      const months = field(event.data, 'months');
      return months === 1 || months === 2
        ? { type: 'extended', at, months, dueAt: instantOrNull(field(event.data, 'dueAt')) }
        : null;
    }
    case 'request.completed':
      return { type: 'completed', at };
    case 'request.denied': {
      const code = field(event.data, 'reasonCode');
      return { type: 'denied', at, reasonCode: isReasonCode(code) ? code : null };
    }
    case 'request.cancelled':
      return { type: 'cancelled', at };
    case 'request.expired':
      return { type: 'expired', at };
    case 'request.appealed':
      return { type: 'appealed', at };
    case 'message.from_subject':
      return { type: 'message', at, from: 'subject', ...movedTo(event) };
    case 'message.from_staff':
      return field(event.data, 'requestsInformation') === true
        ? { type: 'info_requested', at }
        : { type: 'message', at, from: 'staff', ...movedTo(event) };
    default:
      return null;
  }
}

const movedTo = (event: TimelineSource): { to?: RequestStatus } =>
  event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus ? { to: event.toStatus } : {};

/** Audit events (oldest first) → the subject's timeline (oldest first). */
export function toTimeline(events: readonly TimelineSource[]): TimelineEntry[] {
  return events.flatMap((event) => {
    const at = event.at.toISOString();
    const entries: TimelineEntry[] = [];
    const own = ownEntry(event, at);
    if (own) entries.push(own);
    // One line per event: a status change carried by an event of its own line (a message, a
    // request for information) is said on that line; one carried by an event not for the subject's
    // eyes (fulfilment started) is shown as a status change.
    if (
      !own &&
      !SAYS_ITS_STATUS.has(event.type) &&
      event.fromStatus &&
      event.toStatus &&
      event.fromStatus !== event.toStatus
    ) {
      entries.push({ type: 'status_changed', at, from: event.fromStatus, to: event.toStatus });
    }
    return entries;
  });
}
